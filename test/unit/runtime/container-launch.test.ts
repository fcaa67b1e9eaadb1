import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  containerLaunch,
  repositoryOf,
  type GroupPlace,
  type LaunchContext,
} from '../../../local/runtime/container-launch.js';
import { hostPath, rewritePaths } from '../../../local/runtime/file-system.js';
import { rewriteNginxNetwork } from '../../../local/runtime/group-network.js';
import { loopbackAddress, loopbackMap, loopbackPort } from '../../../local/runtime/loopback.js';
import { http2AsListenParameter, readsHttp2Directive } from '../../../local/runtime/nginx-http2.js';
import { renderNginxConf, SIDECAR_FILES } from '../../../src/plan/nginx.js';

// Under /tmp, as a state dir may be: a moved path must not be moved again.
const place: GroupPlace = {
  privateIp: '192.168.1.4',
  address: '127.168.1.4',
  ports: [443, 80, 8080],
  tmpDir: '/tmp/state/groups/g/tmp',
  volumeDirs: { tls: '/tmp/state/groups/g/volumes/tls' },
};

const ctx: LaunchContext = {
  imagesDir: '/dist/image-contexts',
  loopback: loopbackMap,
  baseEnv: { PATH: '/usr/bin', ACI_VNET_SIDECARS_CLOUD: 'local' },
  owner: { uid: 1000, gid: 1000 },
  authorityHost: 'http://127.0.0.1:4000/containers/abc',
};

/** The plan's nginx.conf of an app group, as the init container receives it. */
const appConf = () =>
  renderNginxConf({
    serverName: 'app.contoso.example',
    routes: 'app',
    certPath: SIDECAR_FILES.certificate,
    keyPath: SIDECAR_FILES.privateKey,
    http2: 'directive',
  });

const env = (vars: Record<string, string>) =>
  Object.entries(vars).map(([name, value]) => ({ name, value }));

describe('loopback addresses of the emulated VNet', () => {
  test('a private address keeps its last three octets under 127/8', () => {
    assert.equal(loopbackAddress('192.168.1.4'), '127.168.1.4');
    assert.equal(loopbackAddress('10.0.2.17'), '127.0.2.17');
    assert.throws(() => loopbackAddress('fd00::1'), /not an IPv4 address/);
  });

  test('privileged ports move up by 10000 so nothing needs root; others stay', () => {
    assert.deepEqual(
      [443, 80, 8080, 1023, 1024].map(loopbackPort),
      [10443, 10080, 8080, 11023, 1024],
    );
  });
});

describe("a container's file system on this machine", () => {
  const map = new Map([
    ['/tmp', '/s/tmp'],
    ['/etc/nginx/tls', '/s/volumes/tls'],
  ]);

  test('a path under a mount moves; a path that only shares a prefix does not', () => {
    assert.equal(hostPath(map, '/etc/nginx/tls/tls.crt'), '/s/volumes/tls/tls.crt');
    assert.equal(hostPath(map, '/etc/nginx/tls'), '/s/volumes/tls');
    assert.equal(hostPath(map, '/etc/nginx/tlsx'), '/etc/nginx/tlsx');
    assert.equal(hostPath(map, '/var/log'), '/var/log');
  });

  test('paths inside a config file move where they start a word', () => {
    assert.equal(
      rewritePaths(
        map,
        'pid /tmp/nginx.pid;\nssl_certificate /etc/nginx/tls/tls.crt;\nroot /srv/tmp/x;',
      ),
      'pid /s/tmp/nginx.pid;\nssl_certificate /s/volumes/tls/tls.crt;\nroot /srv/tmp/x;',
    );
  });
});

describe("the sidecar's nginx.conf moved onto the group's address", () => {
  const conf = appConf();
  const moved = rewriteNginxNetwork(conf, place, loopbackMap);

  test('listens on the group address, proxies to its web and api, one worker', () => {
    assert.match(moved, /listen 127\.168\.1\.4:10443 ssl default_server;/);
    assert.match(moved, /proxy_pass http:\/\/127\.168\.1\.4:8080;/);
    assert.match(moved, /proxy_pass http:\/\/127\.168\.1\.4:10080;/);
    assert.match(moved, /worker_processes 1;/);
    assert.doesNotMatch(moved, /listen 443|127\.0\.0\.1/);
  });
});

describe('containerLaunch', () => {
  test('an image from the registry runs the bundle of the images/ folder it was built from', () => {
    assert.equal(repositoryOf('acr1.azurecr.io/sidecar:1.0.0'), 'sidecar');
    assert.equal(repositoryOf('acr1.azurecr.io/team/dash@sha256:abc'), 'dash');
    assert.equal(repositoryOf('web'), 'web');
  });

  test("the init container's nginx.conf, volume and owner move onto this machine", () => {
    const conf = appConf();
    const result = containerLaunch(
      {
        name: 'init',
        properties: {
          image: 'acr1.azurecr.io/init:1',
          environmentVariables: env({
            TLS_DIR: '/etc/nginx/tls',
            NGINX_CONF_BASE64: Buffer.from(conf).toString('base64'),
            SIDECAR_USER: '101:101',
          }),
          volumeMounts: [{ name: 'tls', mountPath: '/etc/nginx/tls' }],
        },
      },
      place,
      ctx,
    );
    assert.ok(result.ok);
    const { env: vars, entry } = result.launch;
    assert.equal(entry, '/dist/image-contexts/init/main.js');
    assert.equal(vars.TLS_DIR, '/tmp/state/groups/g/volumes/tls');
    assert.equal(vars.SIDECAR_USER, '1000:1000');
    assert.equal(vars.TLS_PORT, '10443');
    const moved = Buffer.from(vars.NGINX_CONF_BASE64 ?? '', 'base64').toString();
    assert.match(moved, /ssl_certificate \/tmp\/state\/groups\/g\/volumes\/tls\/tls\.crt;/);
    assert.match(moved, /pid \/tmp\/state\/groups\/g\/tmp\/nginx\.pid;/);
    assert.match(moved, /listen 127\.168\.1\.4:10443 ssl/);
  });

  test("a workload binds the group address; its API URL follows, the emulator's vault does not", () => {
    const result = containerLaunch(
      {
        name: 'web',
        properties: {
          image: 'acr1.azurecr.io/web:1',
          environmentVariables: env({
            PORT: '80',
            API_URL: 'http://127.0.0.1:8080',
            CONTAINER_GROUP_NAME: 'g',
            KEY_VAULT_URL: 'https://127.0.0.1:45821/',
          }),
        },
      },
      place,
      ctx,
    );
    assert.ok(result.ok);
    assert.deepEqual(result.launch.env, {
      PATH: '/usr/bin',
      ACI_VNET_SIDECARS_CLOUD: 'local',
      PORT: '10080',
      API_URL: 'http://127.168.1.4:8080',
      CONTAINER_GROUP_NAME: 'g',
      // A port no container of the group declares: the emulator's vault, a service of this machine.
      KEY_VAULT_URL: 'https://127.0.0.1:45821/',
      HOST: '127.168.1.4',
      CONTAINER_GROUP_IP: '192.168.1.4',
      AZURE_POD_IDENTITY_AUTHORITY_HOST: 'http://127.0.0.1:4000/containers/abc',
    });
  });

  test("the sidecar's Key Vault check interval runs on the emulator's time, not below its floor", () => {
    const sidecar = (seconds: string, timeScale: number) => {
      const result = containerLaunch(
        {
          name: 'sidecar',
          properties: {
            image: 'a/sidecar:1',
            environmentVariables: env({ CHECK_INTERVAL_SECONDS: seconds }),
          },
        },
        place,
        { ...ctx, timeScale },
      );
      return result.ok ? result.launch.env.CHECK_INTERVAL_SECONDS : result.problem;
    };
    assert.equal(sidecar('3600', 0.01), '36');
    assert.equal(sidecar('3600', 0.001), '10');
    assert.equal(sidecar('3600', 1), '3600');
  });

  test('nothing of the machine running the runtime leaks into a container but PATH', () => {
    const result = containerLaunch({ name: 'api', properties: { image: 'a/api:1' } }, place, ctx);
    assert.ok(result.ok);
    assert.equal(result.launch.env.HOME, undefined);
    assert.equal(result.launch.env.NODE_OPTIONS, undefined);
  });

  test('a mount of a volume the group lacks, a command override or no image: a problem, no launch', () => {
    const missing = containerLaunch(
      {
        name: 's',
        properties: { image: 'a/sidecar:1', volumeMounts: [{ name: 'data', mountPath: '/data' }] },
      },
      place,
      ctx,
    );
    assert.deepEqual(missing, {
      ok: false,
      problem: 'container s: volume mount "data" names no volume of the group',
    });
    const command = containerLaunch(
      { name: 'c', properties: { image: 'a/web:1', command: ['sh'] } },
      place,
      ctx,
    );
    assert.equal(command.ok, false);
    assert.match(command.ok ? '' : command.problem, /overrides its image's command/);
    assert.deepEqual(containerLaunch({ name: 'n', properties: {} }, place, ctx), {
      ok: false,
      problem: 'container n has no image',
    });
  });
});

describe('the HTTP/2 syntax of the installed nginx', () => {
  const conf = appConf();

  test('an nginx before 1.25.1 gets `listen … ssl http2` instead of `http2 on;`', () => {
    assert.equal(readsHttp2Directive('nginx version: nginx/1.22.1'), false);
    assert.equal(readsHttp2Directive('nginx version: nginx/1.25.1'), true);
    assert.equal(readsHttp2Directive('nginx version: nginx/1.27.0'), true);
    assert.equal(readsHttp2Directive('command not found'), undefined);
    const moved = http2AsListenParameter(conf);
    assert.doesNotMatch(moved, /http2 on;/);
    assert.match(moved, /listen 443 ssl http2 default_server;/);
    assert.equal(http2AsListenParameter(moved), moved);
  });

  test('the init container gets the form the installed nginx reads', () => {
    const init = (nginxHttp2Directive: boolean) => {
      const result = containerLaunch(
        {
          name: 'init',
          properties: {
            image: 'a/init:1',
            environmentVariables: env({ NGINX_CONF_BASE64: Buffer.from(conf).toString('base64') }),
          },
        },
        place,
        { ...ctx, nginxHttp2Directive },
      );
      assert.ok(result.ok);
      return Buffer.from(result.launch.env.NGINX_CONF_BASE64 ?? '', 'base64').toString();
    };
    assert.match(init(false), /listen 127\.168\.1\.4:10443 ssl http2 default_server;/);
    assert.match(init(true), /http2 on;/);
  });
});
