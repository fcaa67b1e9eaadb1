import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { masterKeyFile, readMasterKey } from '../../../local/host/index.js';
import { skipWithout } from '../../support/requires.js';
import { assertNoSecret } from '../../support/secrets.js';
import {
  fullSpecWithImportedImages,
  isAlive,
  listening,
  reportedPids,
  spawnCli,
  tempDir,
} from './helpers.js';

const skip = skipWithout('pebble');

describe('aci-vnet-sidecars start', { skip }, () => {
  const dir = tempDir();
  after(() => rmSync(dir, { recursive: true, force: true }));

  test(
    'deploys with live stage progress, keeps running, and stops every child on Ctrl-C',
    { timeout: 180_000 },
    async () => {
      const start = spawnCli([
        'start',
        ...['--spec', fullSpecWithImportedImages(dir), '--port', '0'],
        ...['--state-dir', join(dir, 'state'), '--time-scale', '0.0001'],
      ]);
      try {
        await start.waitFor(/^running; press Ctrl-C to stop$/m);
      } catch (error) {
        start.process.kill('SIGINT');
        throw error;
      }
      const out = start.output();
      const pids = reportedPids(out);
      assert.deepEqual([...pids.keys()].sort(), ['emulator', 'host', 'pebble']);
      for (const [name, pid] of pids) assert.ok(isAlive(pid), `${name} died before Ctrl-C`);
      start.process.kill('SIGINT');
      assert.match(
        out,
        /^ {2}status {10}http:\/\/127\.0\.0\.1:\d+\/api\/environments\/contoso-prod$/m,
      );
      assert.match(out, /^ {2}emulator state {2}https:\/\/127\.0\.0\.1:\d+\/_emulator\/state$/m);
      // Live progress: stages are polled, so a fast stage may go straight to
      // "succeeded"; at least one stage must be seen running before it ends.
      const runningSeen = [...out.matchAll(/^ {2}([a-z-]+)\s+running$/gm)].map((m) => m[1] ?? '');
      assert.ok(runningSeen.length > 0, `no stage was shown running:\n${out}`);
      for (const stage of runningSeen) {
        const runningAt = out.search(new RegExp(`^ {2}${stage}\\s+running$`, 'm'));
        const endedAt = out.search(new RegExp(`^ {2}${stage}\\s+succeeded`, 'm'));
        assert.ok(runningAt < endedAt, `${stage} shown running after it ended:\n${out}`);
      }
      assert.match(
        out,
        /^ {2}certificate\s+succeeded: certificate issued: CN=app\.contoso\.example/m,
      );
      assert.match(out, /^deployed contoso-prod: all \d+ stages succeeded$/m);
      const { code } = await start.exited;
      assert.equal(code, 0, start.output());
      const settings = JSON.parse(
        readFileSync(join(dir, 'state', 'app', 'local.settings.json'), 'utf8'),
      ) as { Host: { FunctionKey: string } };
      assertNoSecret(start.output(), settings.Host.FunctionKey, 'the output of start');
      // The host generated its master key (the CLI polled /admin/host/status with it).
      const masterKey = readMasterKey(masterKeyFile(join(dir, 'state', 'host')));
      assert.ok(masterKey, 'the host wrote no master key');
      assertNoSecret(start.output(), masterKey, 'the output of start');
      assert.match(start.output(), /^stopped$/m);
      for (const [name, pid] of pids) assert.equal(isAlive(pid), false, `${name} is still running`);
      const hostUrl = /^host\s+(\S+)/m.exec(out)?.[1] ?? '';
      assert.equal(await listening(hostUrl), false, 'the host port still accepts connections');
    },
  );

  test('exits 1 naming a child that fails to start, with the end of its log', async () => {
    const stateDir = join(dir, 'broken');
    const certs = join(stateDir, 'emulator', 'certs');
    mkdirSync(certs, { recursive: true });
    for (const file of ['ca.pem', 'server.pem', 'server-key.pem'])
      writeFileSync(join(certs, file), 'not a certificate\n');
    const start = spawnCli([
      'start',
      ...['--spec', fullSpecWithImportedImages(dir), '--port', '0', '--state-dir', stateDir],
    ]);
    const { code } = await start.exited;
    const out = start.output();
    assert.equal(code, 1, out);
    assert.match(
      out,
      // It fails before it has bound a port, so no address is known yet.
      /the emulator failed to start|^aci-vnet-sidecars: emulator exited/m,
    );
    assert.match(out, /the end of .*emulator\.log:\n/);
    assert.doesNotMatch(out, /^host /m, 'the host was started after the emulator failed');
  });
});
