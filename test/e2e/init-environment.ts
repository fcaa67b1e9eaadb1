// What the init container finds in Azure when its group starts, arranged in the local emulator:
// a resource group, the private DNS zone, a vault and a PEM certificate imported into it.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type EmulatorHandle } from '../../local/emulator/index.js';
import { connect, type AzureConnection } from '../../src/azure/connection.js';
import { createVault } from '../../src/azure/key-vault.js';
import { renderNginxConf, SIDECAR_FILES } from '../../src/plan/nginx.js';
import { readSettings } from '../../src/settings.js';
import { adminRequest } from '../support/admin.js';
import { testChain } from '../unit/images/certificates.js';

export const SUBSCRIPTION = '11111111-2222-3333-4444-555555555555';
export const CERTIFICATE_NAME = 'app-contoso-example';
const GROUP = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-contoso`;
export const ZONE_ID = `${GROUP}/providers/Microsoft.Network/privateDnsZones/contoso.internal`;
export const CONTAINER_GROUP_ID = `${GROUP}/providers/Microsoft.ContainerInstance/containerGroups/ci-contoso-app-1`;

export interface InitEnvironment {
  emu: EmulatorHandle;
  vaultUri: string;
  /** The settings a local run of any image reads: the emulator's endpoint and CA. */
  settingsEnv: Record<string, string>;
  connection: AzureConnection;
  /** Everything the plan gives the init container, TLS_DIR and nginx.conf aside. */
  initEnv(tlsDir: string, nginxConf?: string): Record<string, string>;
}

export async function startInitEnvironment(): Promise<InitEnvironment> {
  const emu = await startEmulator({
    stateDir: join(tmpdir(), 'avs-images-e2e'),
    timeScale: 0.0001,
  });
  await adminRequest(emu, 'PUT', `${GROUP}?api-version=2025-04-01`, { location: 'westeurope' });
  await adminRequest(emu, 'PUT', `${ZONE_ID}?api-version=2020-06-01`, { location: 'global' });
  const vault = await adminRequest(
    emu,
    'PUT',
    `${GROUP}/providers/Microsoft.KeyVault/vaults/kv-contoso?api-version=2026-02-01`,
    {
      location: 'westeurope',
      properties: {
        tenantId: emu.tenantId,
        sku: { family: 'A', name: 'standard' },
        enableRbacAuthorization: true,
      },
    },
  );
  const vaultUri = (vault.properties as { vaultUri: string }).vaultUri;
  const settingsEnv = {
    ACI_VNET_SIDECARS_CLOUD: 'local',
    ACI_VNET_SIDECARS_ARM_ENDPOINT: emu.armUrl,
    ACI_VNET_SIDECARS_CA_FILE: emu.caFile,
  };
  const settings = readSettings(settingsEnv);
  if (!settings.ok) throw new Error('local settings refused');
  const connection = connect(settings.settings);
  await createVault(connection, vaultUri).importPemCertificate(
    CERTIFICATE_NAME,
    testChain().secret,
    {},
  );
  const defaultConf = renderNginxConf({
    serverName: 'app.contoso.example',
    routes: 'app',
    certPath: SIDECAR_FILES.certificate,
    keyPath: SIDECAR_FILES.privateKey,
  });
  return {
    emu,
    vaultUri,
    settingsEnv,
    connection,
    initEnv: (tlsDir, nginxConf = defaultConf) => ({
      KEY_VAULT_URL: vaultUri,
      CERTIFICATE_NAME,
      PRIVATE_DNS_ZONE_ID: ZONE_ID,
      DNS_RECORD_NAME: 'app-1',
      DNS_TTL: '300',
      CONTAINER_GROUP_ID,
      TLS_DIR: tlsDir,
      NGINX_CONF_BASE64: Buffer.from(nginxConf).toString('base64'),
    }),
  };
}
