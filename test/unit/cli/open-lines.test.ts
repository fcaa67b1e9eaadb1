import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../../../src/cli/main.js';
import { openLines } from '../../../src/cli/local-stack/open-lines.js';

const status = {
  groups: [
    {
      name: 'ci-contoso-prod-app-2',
      privateIp: '192.168.1.5',
      address: '127.168.1.5',
      state: 'running',
    },
    {
      name: 'ci-contoso-prod-app-1',
      privateIp: '192.168.1.4',
      address: '127.168.1.4',
      state: 'running',
    },
  ],
  gateways: [
    {
      name: 'agw-contoso-prod',
      listeners: [
        { name: 'https', frontendPort: 443, localPort: 10443, protocol: 'Https' as const },
        { name: 'http', frontendPort: 80, localPort: 40001, protocol: 'Http' as const },
      ],
    },
  ],
};

describe('what start prints once the app is served', () => {
  test('the URL of each listener, how to resolve the host name, and how to restart a group', () => {
    const text = openLines({
      hostName: 'app.contoso.example',
      status,
      rootCaFile: '.state/pebble/root.pem',
      command: 'npx aci-vnet-sidecars',
      stateDir: '.state',
    });
    assert.match(
      text,
      /https:\/\/app\.contoso\.example:10443\/ +https listener \(frontend port 443\)/,
    );
    assert.match(
      text,
      /http:\/\/app\.contoso\.example:40001\/ +http listener \(frontend port 80\): redirects to HTTPS/,
    );
    assert.match(
      text,
      /curl --cacert \.state\/pebble\/root\.pem --resolve app\.contoso\.example:10443:127\.0\.0\.1 https:\/\/app\.contoso\.example:10443\//,
    );
    assert.match(text, /add "127\.0\.0\.1 app\.contoso\.example" to \/etc\/hosts/);
    assert.match(
      text,
      /ci-contoso-prod-app-1 +192\.168\.1\.4 +127\.168\.1\.4\n +ci-contoso-prod-app-2/,
    );
    assert.match(text, /npx aci-vnet-sidecars restart ci-contoso-prod-app-1 +ARM restart/);
    assert.match(
      text,
      /npx aci-vnet-sidecars restart ci-contoso-prod-app-1 --platform +platform restart/,
    );
  });

  test('says so when the gateway has no HTTPS listener yet, and names a state dir that is not the default', () => {
    const text = openLines({
      hostName: 'app.contoso.example',
      status: { groups: status.groups },
      rootCaFile: 'r.pem',
      command: 'aci-vnet-sidecars',
      stateDir: '/tmp/s',
    });
    assert.match(text, /no HTTPS listener yet/);
    assert.match(text, /restart ci-contoso-prod-app-1 --state-dir \/tmp\/s --platform/);
  });
});

describe('restart', () => {
  const captured = () => {
    let stderr = '';
    return {
      io: { stdout: () => undefined, stderr: (t: string) => void (stderr += t) },
      stderr: () => stderr,
    };
  };

  test('without a running stack: a usage error that says how to start one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'avs-restart-'));
    const out = captured();
    assert.equal(await runCli(['restart', 'ci-contoso-prod-app-1', '--state-dir', dir], out.io), 2);
    assert.match(
      out.stderr(),
      /no local stack is running with state dir .*; start one with `npm start`/,
    );
  });

  test('a stack file that is not one: a usage error naming it, no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'avs-restart-'));
    writeFileSync(join(dir, 'stack.json'), '{"armUrl": 3}');
    const out = captured();
    assert.equal(await runCli(['restart', 'x', '--state-dir', dir], out.io), 2);
    assert.match(out.stderr(), /stack\.json is not a stack file written by `npm start`; delete it/);
    assert.doesNotMatch(out.stderr(), /at .*\.ts:\d+/);
  });
});
