import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { packageDirOf, thirdPartyNotices } from '../../../scripts/third-party-notices.js';

const root = mkdtempSync(join(tmpdir(), 'avs-notices-'));

function pkg(dir: string, manifest: object, files: Record<string, string> = {}) {
  mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, dir, 'package.json'), JSON.stringify(manifest));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, dir, name), text);
}

pkg(
  'node_modules/@scope/kit',
  { name: '@scope/kit', version: '1.2.3', license: 'MIT' },
  {
    LICENSE: 'MIT License\n\nCopyright (c) Kit authors\n',
    'README.md': 'not a notice',
  },
);
pkg(
  'node_modules/alpha',
  { name: 'alpha', version: '0.1.0', license: 'Apache-2.0' },
  {
    'LICENSE.txt': 'Apache License 2.0 text',
    NOTICE: 'Alpha\nCopyright 2020 The Alpha Authors',
  },
);
pkg('node_modules/bare', {
  name: 'bare',
  version: '2.0.0',
  license: 'ISC',
  author: { name: 'Bea Bare' },
  repository: { url: 'git+https://github.com/bea/bare.git' },
});
// The same package installed again under another one: one section, not two.
pkg(
  'node_modules/@scope/kit/node_modules/alpha',
  { name: 'alpha', version: '0.1.0', license: 'Apache-2.0' },
  {
    'LICENSE.txt': 'Apache License 2.0 text',
    NOTICE: 'Alpha\nCopyright 2020 The Alpha Authors',
  },
);

after(() => rmSync(root, { recursive: true, force: true }));

describe('third-party notices of a bundle', () => {
  test('finds the package an input file comes from, scoped, nested or not', () => {
    assert.equal(
      packageDirOf('node_modules/@azure/identity/dist/esm/index.js'),
      'node_modules/@azure/identity',
    );
    assert.equal(packageDirOf('node_modules/ms/index.js'), 'node_modules/ms');
    assert.equal(
      packageDirOf('node_modules/@azure/core-lro/node_modules/@azure/abort-controller/dist/a.js'),
      'node_modules/@azure/core-lro/node_modules/@azure/abort-controller',
    );
    assert.equal(packageDirOf('images/web/src/app.ts'), undefined);
    assert.equal(packageDirOf('src/plan/nginx.ts'), undefined);
    assert.equal(packageDirOf('node_modules/@scope'), undefined);
  });

  test("carries each bundled package's name, version, licence and licence files verbatim, once", () => {
    const notices = thirdPartyNotices(
      {
        inputs: {
          'images/api/src/app.ts': {},
          'node_modules/@scope/kit/dist/index.js': {},
          'node_modules/@scope/kit/dist/more.js': {},
          'node_modules/@scope/kit/node_modules/alpha/index.js': {},
          'node_modules/alpha/lib/a.js': {},
          'node_modules/bare/index.js': {},
        },
      },
      root,
      'api',
    );
    assert.equal(
      notices,
      [
        'images/api/main.js bundles these 3 third-party packages; their licence notices follow.',
        '@scope/kit@1.2.3, licence MIT\n-----------------------------\n\nMIT License\n\nCopyright (c) Kit authors',
        'alpha@0.1.0, licence Apache-2.0\n-------------------------------\n\nApache License 2.0 text\n\nAlpha\nCopyright 2020 The Alpha Authors',
        'bare@2.0.0, licence ISC\n-----------------------\n\n(the package ships no licence file; package.json says ISC; author: Bea Bare; repository: git+https://github.com/bea/bare.git)',
      ].join('\n\n\n') + '\n',
    );
  });

  test('says so when a bundle holds only the project’s own code', () => {
    assert.equal(
      thirdPartyNotices({ inputs: { 'images/init/src/main.ts': {} } }, root, 'init'),
      'images/init/main.js bundles no third-party package.\n',
    );
  });
});
