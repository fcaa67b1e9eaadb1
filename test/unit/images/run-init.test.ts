import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { readInitConfig, type InitConfig } from '../../../images/init/src/config.js';
import { nginxConfProblems } from '../../../images/init/src/nginx-conf-check.js';
import { runInit, type InitDeps } from '../../../images/init/src/run-init.js';
import { writeFileAtomic } from '../../../images/shared/atomic-write.js';
import { renderNginxConf, SIDECAR_FILES } from '../../../src/plan/index.js';
import { CONF, initEnv } from './init-fixtures.js';

let dir: string;
let config: InitConfig;
let lines: string[];
let chowns: string[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'avs-init-'));
  const conf = CONF.replaceAll('/etc/nginx/tls', dir);
  const parsed = readInitConfig(
    initEnv({ TLS_DIR: dir, NGINX_CONF_BASE64: Buffer.from(conf).toString('base64') }),
  );
  assert.ok(parsed.ok);
  config = parsed.config;
  lines = [];
  chowns = [];
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** The real file system, but ownership recorded instead of changed (tests do not run as root). */
function deps(): InitDeps {
  return {
    mkdir: async (d) => {
      await (await import('node:fs/promises')).mkdir(d, { recursive: true });
    },
    writeFile: writeFileAtomic,
    chown: (path, uid, gid) => (chowns.push(`${path} ${uid}:${gid}`), Promise.resolve()),
    log: (l) => lines.push(l),
  };
}

describe('init image: one run', () => {
  test('writes nginx.conf (0644) into TLS_DIR and hands the volume to the sidecar user', async () => {
    const result = await runInit(config, deps());
    assert.deepEqual(result, { files: ['nginx.conf'], ownedBy: '101:101' });
    assert.equal(await readFile(join(dir, 'nginx.conf'), 'utf8'), config.nginxConf);
    assert.equal((await stat(join(dir, 'nginx.conf'))).mode & 0o777, 0o644);
    assert.deepEqual(chowns, [`${dir} 101:101`]);
    assert.deepEqual(await readdir(dir), ['nginx.conf'], 'no certificate: the sidecar fetches it');
    assert.deepEqual(lines, [`init: wrote nginx.conf to ${dir}, owned by 101:101 for the sidecar`]);
  });

  test('creates TLS_DIR when the volume is mounted one level up', async () => {
    const nested = join(dir, 'tls');
    await runInit(
      { ...config, tlsDir: nested, nginxConf: CONF.replaceAll('/etc/nginx/tls', nested) },
      deps(),
    );
    assert.deepEqual(await readdir(nested), ['nginx.conf']);
  });

  test('refuses an nginx.conf the sidecar could not start, writing nothing', async () => {
    await assert.rejects(
      runInit({ ...config, nginxConf: 'events {}\nhttp { server { listen 80; }' }, deps()),
      /\[validation\/NginxConfInvalid\] NGINX_CONF_BASE64 is not a usable nginx.conf: its braces do not balance; it does not listen on 443 with TLS; ssl_certificate is not .*tls\.crt/,
    );
    assert.deepEqual(await readdir(dir), []);
  });

  test('says what to mount when TLS_DIR cannot be written', async () => {
    await assert.rejects(
      runInit(config, {
        ...deps(),
        mkdir: () => Promise.reject(Object.assign(new Error('read-only'), { code: 'EROFS' })),
      }),
      /\[unexpected\/TlsDirUnwritable\] cannot prepare TLS_DIR .* \(EROFS\); mount the shared emptyDir volume there, writable/,
    );
  });
});

describe('init image: the nginx.conf check', () => {
  test('accepts what the plan renders, for the app and the dashboard', () => {
    assert.deepEqual(nginxConfProblems(CONF, '/etc/nginx/tls'), []);
    const dashboard = renderNginxConf({
      serverName: 'app.contoso.example',
      routes: 'dashboard',
      certPath: SIDECAR_FILES.certificate,
      keyPath: SIDECAR_FILES.privateKey,
    });
    assert.deepEqual(nginxConfProblems(dashboard, SIDECAR_FILES.directory), []);
  });

  test('names each thing missing from a config', () => {
    assert.deepEqual(nginxConfProblems('server { }', '/tls'), [
      'it has no events block',
      'it has no http block',
      'it does not listen on 443 with TLS',
      'ssl_certificate is not /tls/tls.crt, where the sidecar writes it',
      'ssl_certificate_key is not /tls/tls.key, where the sidecar writes it',
    ]);
  });

  test('accepts TLS on an address and a moved port only when told that port', () => {
    const moved = CONF.replace(/listen 443 ssl/, 'listen 127.168.1.4:10443 ssl');
    assert.deepEqual(nginxConfProblems(moved, '/etc/nginx/tls', 10443), []);
    assert.deepEqual(nginxConfProblems(moved, '/etc/nginx/tls'), [
      'it does not listen on 443 with TLS',
    ]);
  });

  test('does not count braces in comments', () => {
    assert.deepEqual(nginxConfProblems(`# a } in a comment\n${CONF}`, '/etc/nginx/tls'), []);
  });
});
