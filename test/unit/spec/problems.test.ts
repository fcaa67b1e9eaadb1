import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatProblems } from '../../../src/spec/index.js';
import { formatPath } from '../../../src/spec/problems.js';

describe('problem reports', () => {
  test('print each problem on its own line as path, colon, message', () => {
    const text = formatProblems([
      { path: 'name', message: 'must not contain two hyphens in a row' },
      { path: 'certificates.names[1]', message: 'APP.contoso.example is listed twice' },
    ]);
    assert.equal(
      text,
      'name: must not contain two hyphens in a row\ncertificates.names[1]: APP.contoso.example is listed twice',
    );
  });

  const paths: [path: PropertyKey[], formatted: string][] = [
    [['app', 'images', 'web'], 'app.images.web'],
    [['certificates', 'names', 1], 'certificates.names[1]'],
    [['certificates', 'names', 1, 'host'], 'certificates.names[1].host'],
    [[0, 'name'], '[0].name'],
    [[], '(spec)'],
  ];
  for (const [path, formatted] of paths) {
    test(`write the path ${JSON.stringify(path)} as ${formatted}`, () => {
      assert.equal(formatPath(path), formatted);
    });
  }
});
