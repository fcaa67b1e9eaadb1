import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createProcessRunner } from '../../../images/sidecar/src/process-runner.js';

describe('sidecar image: the real process runner', () => {
  test('runs a command to completion with its exit code and output', async () => {
    const runner = createProcessRunner();
    assert.deepEqual(await runner.run('sh', ['-c', 'echo out; echo err >&2; exit 3']), {
      code: 3,
      output: 'out\nerr\n',
    });
    const missing = await runner.run('/nonexistent/nginx', ['-s', 'reload']);
    assert.equal(missing.code, 127);
    assert.match(missing.output, /ENOENT/);
  });

  test('reports how a started process ended, as a shell would', async () => {
    const runner = createProcessRunner();
    assert.deepEqual(await runner.start('sh', ['-c', 'exit 4']).exited, {
      code: 4,
      description: 'exit code 4',
    });
    const sleeper = runner.start('sleep', ['600']);
    sleeper.signal('SIGTERM');
    assert.deepEqual(await sleeper.exited, { code: 143, description: 'signal SIGTERM' });
    assert.deepEqual(await runner.start('/nonexistent/nginx', []).exited, {
      code: 127,
      description: 'could not start: spawn /nonexistent/nginx ENOENT',
    });
  });
});
