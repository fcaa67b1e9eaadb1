import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Command } from 'commander';
import { readHostConfig } from '../../../local/host/host-config.js';
import { resolveEntryPoint } from '../../../local/host/loader.js';
import { applySettings, readLocalSettings } from '../../../local/host/settings.js';
import { registerHostCommand } from '../../../src/cli/host-command.js';
import { tempDir } from './helpers.js';

const write = (dir: string, name: string, value: unknown) =>
  writeFileSync(join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));

describe('local settings, host.json and the entry point', () => {
  test('local.settings.json wins over the sample, and Values never override the environment', () => {
    const dir = tempDir('settings');
    write(dir, 'local.settings.sample.json', { Values: { A: 'sample' } });
    write(dir, 'local.settings.json', {
      Values: { A: 'local', B: 2 },
      Host: { LocalHttpPort: 7072, MasterKey: 'm', FunctionKey: '' },
    });
    const settings = readLocalSettings(dir);
    assert.equal(settings.file, join(dir, 'local.settings.json'));
    assert.deepEqual(settings.keys, { master: 'm', function: undefined });
    assert.equal(settings.port, 7072);
    const env: NodeJS.ProcessEnv = { A: 'from-env' };
    applySettings(settings, env);
    assert.deepEqual(env, { A: 'from-env', B: '2' });
  });

  test('the sample is used when there is no local.settings.json, and nothing when neither exists', () => {
    const dir = tempDir('settings');
    assert.deepEqual(readLocalSettings(dir).values, {});
    write(dir, 'local.settings.sample.json', { Values: { A: 'sample' } });
    assert.deepEqual(readLocalSettings(dir).values, { A: 'sample' });
  });

  test('a settings file that is not JSON is reported with its path', () => {
    const dir = tempDir('settings');
    write(dir, 'local.settings.json', '{ nope');
    assert.throws(() => readLocalSettings(dir), /local\.settings\.json is not valid JSON/);
  });

  test('host.json gives the route prefix and hub name, with the Functions defaults', () => {
    const dir = tempDir('hostjson');
    assert.deepEqual(readHostConfig(dir), { routePrefix: 'api', hubName: 'TestHubName' });
    write(dir, 'host.json', {
      extensions: { http: { routePrefix: '' }, durableTask: { hubName: 'Hub' } },
    });
    assert.deepEqual(readHostConfig(dir), { routePrefix: '', hubName: 'Hub' });
  });

  test('the entry point defaults to package.json main and must exist', () => {
    const dir = tempDir('entry');
    write(dir, 'package.json', { main: 'dist/functions/index.js' });
    assert.throws(
      () => resolveEntryPoint(dir, undefined),
      /dist\/functions\/index\.js does not exist.*npm run build/,
    );
    write(dir, 'app.ts', '');
    assert.equal(resolveEntryPoint(dir, 'app.ts'), join(dir, 'app.ts'));
  });

  test('the CLI registers `host` with --port 7071 by default and --state-dir', () => {
    const program = new Command();
    registerHostCommand(program);
    const host = program.commands.find((c) => c.name() === 'host');
    assert.ok(host);
    const flags = new Map(host.options.map((o) => [o.long, o.defaultValue as unknown]));
    assert.equal(flags.get('--port'), '7071');
    assert.ok(flags.has('--state-dir'));
  });
});
