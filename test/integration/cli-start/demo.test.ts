import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { cli } from '../../support/cli.js';
import { skipWithout } from '../../support/requires.js';
import { specWith } from '../../support/specs.js';
import {
  fullSpecWithImportedImages,
  listening,
  reportedPids,
  isAlive,
  spawnCli,
  tempDir,
} from './helpers.js';

const skip = skipWithout('pebble');

describe('aci-vnet-sidecars demo', () => {
  const dir = tempDir();
  after(() => rmSync(dir, { recursive: true, force: true }));

  test(
    'deploys the full example, prints what it created and exits 0 with nothing left running',
    { skip, timeout: 180_000 },
    async () => {
      const spec = fullSpecWithImportedImages(dir);
      const demo = spawnCli([
        'demo',
        ...['--spec', spec, '--port', '0'],
        ...['--state-dir', join(dir, 'state'), '--time-scale', '0.0001'],
      ]);
      const { code } = await demo.exited;
      const out = demo.output();
      assert.equal(code, 0, out);
      assert.match(out, /^deployed contoso-prod: all \d+ stages succeeded$/m);
      assert.match(out, /^Resources in the emulator: \d+$/m);
      assert.match(out, /^ {2}4\s+Microsoft\.ContainerInstance\/containerGroups$/m);
      assert.match(out, /^ {2}1\s+Microsoft\.Network\/applicationGateways$/m);
      assert.match(out, /^ {2}subject {2}CN=app\.contoso\.example$/m);
      assert.match(out, /^ {2}issuer {3}CN=Pebble Intermediate CA/m);
      assert.match(out, /^ {2}expires {2}\d{4}-\d\d-\d\dT[\d:.]+Z$/m);
      for (const group of ['app-1', 'app-2', 'app-3', 'dashboard'])
        assert.match(out, new RegExp(`^ {2}${group}\\s+192\\.168\\.1\\.\\d+$`, 'm'));
      assert.match(out, /^ {2}app\s+192\.168\.1\.\d+, 192\.168\.1\.\d+, 192\.168\.1\.\d+$/m);
      assert.match(out, /^ {2}dashboard\s+192\.168\.1\.\d+$/m);
      const pids = reportedPids(out);
      assert.deepEqual([...pids.keys()].sort(), ['emulator', 'host', 'pebble']);
      for (const [name, pid] of pids) assert.equal(isAlive(pid), false, `${name} is still running`);
      const hostUrl = /^host\s+(\S+)/m.exec(out)?.[1] ?? '';
      assert.equal(await listening(hostUrl), false, 'the host port still accepts connections');
    },
  );

  test('refuses an invalid spec with exit 2 and every problem, before starting anything', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(specWith({ app: { instances: 99 } })));
    const stateDir = join(dir, 'never-created');
    const result = await cli('demo', '--spec', bad, '--state-dir', stateDir);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /is not a valid environment spec \(1 problem\)/);
    assert.match(result.stderr, /app\.instances/);
    assert.equal(result.stdout, '');
    assert.equal(existsSync(stateDir), false);
  });

  test('refuses a state dir that a running start or demo uses, starting nothing', async () => {
    const stateDir = join(dir, 'busy');
    mkdirSync(stateDir);
    writeFileSync(join(stateDir, 'stack.pid'), `${process.pid}\n`);
    const demo = spawnCli(['demo', '--port', '0', '--state-dir', stateDir]);
    const { code } = await demo.exited;
    assert.equal(code, 1, demo.output());
    assert.match(
      demo.output(),
      new RegExp(`is in use by another start or demo \\(pid ${process.pid}\\)`),
    );
    assert.doesNotMatch(demo.output(), /^emulator /m);
    assert.equal(existsSync(join(stateDir, 'logs')), false);
  });

  test('refuses a time scale that is not a number, with exit 2', async () => {
    const result = await cli('demo', '--time-scale', 'fast', '--state-dir', join(dir, 'none'));
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--time-scale must be a number >= 0, got "fast"/);
  });
});
