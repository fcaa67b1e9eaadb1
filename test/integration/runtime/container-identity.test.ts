// A container of the local twin reads Key Vault as it does in ACI: DefaultAzureCredential with
// AZURE_CLIENT_ID, through the managed identity endpoint (here the runtime's loopback IMDS), and
// the emulator's vault deciding by the token's principal. Init containers and identities the
// group does not hold get nothing. Each case is one real child process running the sidecar's path
// (connect → createVault → getSecret).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { manualClock, type EmulatorHandle } from '../../../local/emulator/index.js';
import {
  emulatorTokenMinter,
  startImdsEndpoint,
  type ImdsEndpoint,
} from '../../../local/runtime/identity/index.js';
import type { GroupIdentity } from '../../../local/runtime/types.js';
import { raw, rgPath, startTestEmulator } from '../emulator/helpers.js';
import {
  assignRole,
  createRbacVault,
  TEN_MINUTES,
  vaultCall,
  vaultId,
  VAULT_ROLES,
} from '../emulator/key-vault-rbac-rig.js';

const RG = 'rg-container-identity';
const VAULT_ID = vaultId(RG, 'kv-container-identity');
const SECRET = 'app-contoso-example';
const SCRIPT = fileURLToPath(new URL('./fixtures/read-vault-secret.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../../', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** One container process: only the environment ACI and the runtime would give it. */
function runContainer(env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', SCRIPT],
      {
        cwd: REPO,
        timeout: 60_000,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/', ...env },
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function createIdentity(emu: EmulatorHandle, name: string): Promise<GroupIdentity> {
  const resourceId = `${rgPath(RG)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
  const answer = await raw(emu, 'PUT', `${resourceId}?api-version=2024-11-30`, {
    location: 'westeurope',
  });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  const { principalId, clientId } = (
    answer.body as { properties: { principalId: string; clientId: string } }
  ).properties;
  return { resourceId, name, principalId, clientId };
}

void describe('a container of the local twin reading Key Vault with its group identity', () => {
  const clock = manualClock();
  let emu: EmulatorHandle;
  let imds: ImdsEndpoint;
  let vaultUri: string;
  let app: GroupIdentity;
  let dashboard: GroupIdentity;
  const log: string[] = [];

  const containerEnv = (authorityHost: string, clientId: string) => ({
    ACI_VNET_SIDECARS_CLOUD: 'local',
    ACI_VNET_SIDECARS_ARM_ENDPOINT: emu.armUrl,
    ACI_VNET_SIDECARS_CA_FILE: emu.caFile,
    AZURE_POD_IDENTITY_AUTHORITY_HOST: authorityHost,
    AZURE_TOKEN_CREDENTIALS: 'prod',
    AZURE_CLIENT_ID: clientId,
    KEY_VAULT_URL: vaultUri,
    SECRET_NAME: SECRET,
  });

  before(async () => {
    emu = await startTestEmulator({ clock, timeScale: 1 });
    vaultUri = await createRbacVault(emu, VAULT_ID);
    app = await createIdentity(emu, 'id-demo-app');
    dashboard = await createIdentity(emu, 'id-demo-dashboard');
    const owner = randomUUID();
    assert.equal(
      (await assignRole(emu, VAULT_ID, VAULT_ROLES.secretsOfficer, owner)).answer.status,
      201,
    );
    const scoped = await assignRole(
      emu,
      `${VAULT_ID}/secrets/${SECRET}`,
      VAULT_ROLES.secretsUser,
      app.principalId,
    );
    assert.equal(scoped.answer.status, 201);
    clock.advance(TEN_MINUTES);
    const set = await vaultCall(emu, vaultUri, clock, owner, 'PUT', `/secrets/${SECRET}`, {
      value: 'certificate bytes',
    });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    imds = await startImdsEndpoint({
      mintToken: emulatorTokenMinter(),
      log: (line) => log.push(line),
    });
  });
  after(async () => {
    await imds?.close();
    await emu?.stop();
  });

  const register = (container: string, init: boolean) =>
    imds.register({ group: 'app-1', container, init, identities: [app] });

  void test("reads the secret in a regular container, as its group's identity", async () => {
    const sidecar = register('sidecar', false);
    const run = await runContainer(containerEnv(sidecar.authorityHost, app.clientId));
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { value: 'certificate bytes' });
  });

  void test('gets no token in an init container, whatever identity it names', async () => {
    const init = register('init', true);
    const run = await runContainer(containerEnv(init.authorityHost, app.clientId));
    assert.equal(run.code, 1, run.stdout);
    assert.match(run.stderr, /ManagedIdentityCredential/);
    assert.match(run.stderr, /Identity not found/);
    assert.doesNotMatch(run.stdout, /certificate bytes/);
    assert.match(log.join('\n'), /refused init container init of app-1/);
  });

  void test("gets no token for another group's identity", async () => {
    const web = register('web', false);
    const run = await runContainer(containerEnv(web.authorityHost, dashboard.clientId));
    assert.equal(run.code, 1, run.stdout);
    assert.match(run.stderr, /Identity not found/);
    assert.match(log.join('\n'), new RegExp(`client_id ${dashboard.clientId}: not an identity`));
  });
});
