// What a certificate issuance needs around it, on the emulator: a spec, its resource group and
// public zone, a Key Vault on Azure RBAC where the app holds exactly the roles its plan grants,
// Pebble validating through one of the zone's name servers, and the app's own connection.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Agent } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import acme from 'acme-client';
import {
  startEmulator,
  type EmulatorHandle,
  type EmulatorOptions,
} from '../../local/emulator/index.js';
import { slowestNameServer } from '../../src/cli/local-stack/name-servers.js';
import { connect } from '../../src/azure/connection.js';
import { createVault, type Vault } from '../../src/azure/key-vault.js';
import { createPublicDnsZone, type PublicDnsZone } from '../../src/azure/public-dns.js';
import type { PropagationOptions } from '../../src/certs/propagation.js';
import { zoneNameServers } from '../../src/certs/zone-name-servers.js';
import { environmentMarks, roleDefinitionId } from '../../src/plan/index.js';
import { dnsPropagationPoll } from '../../src/retry-policies.js';
import {
  LOCAL_PRINCIPAL_ID,
  nameServersSetting,
  readSettings,
  type AppSettings,
} from '../../src/settings.js';
import { parseSpec, type EnvironmentSpec } from '../../src/spec/index.js';
import { adminRequest } from './admin.js';
import { until } from './eventually.js';
import { startPebble, type Pebble } from './pebble.js';
import { specWith } from './specs.js';

export const ZONE = 'contoso.example';

export interface CertificateRig {
  emu: EmulatorHandle;
  pebble: Pebble;
  spec: EnvironmentSpec;
  settings: AppSettings;
  vault: Vault;
  zone: PublicDnsZone;
  /** How the app waits for DNS in a local run: every name server of the zone, scaled polls. */
  propagation: () => Promise<PropagationOptions>;
  /** The TXT record sets left in the zone. */
  txtRecordsLeft: () => Promise<string[]>;
  stop: () => Promise<void>;
}

export async function startCertificateRig(options: {
  stateDir: string;
  names: readonly string[];
  emulator?: EmulatorOptions;
  /** The port of the DNS server Pebble validates through; default: the slowest name server. */
  pebbleDnsPort?: (emu: EmulatorHandle) => number;
}): Promise<CertificateRig> {
  // Resource provider registration is the providers stage's test; here it is done already.
  const emu = await startEmulator({
    stateDir: options.stateDir,
    timeScale: 0.0001,
    freshSubscription: false,
    ...options.emulator,
  });
  const dnsPort = options.pebbleDnsPort?.(emu) ?? slowestNameServer(emu.nameServers).port;
  const pebble = await startPebble({ stateDir: options.stateDir, caPem: emu.caPem, dnsPort });
  // acme-client talks through its own axios instance; Pebble's TLS cert is the emulator's.
  acme.axios.defaults.httpsAgent = new Agent({ ca: emu.caPem });
  // The spec's gateway host name is app.contoso.example: a valid spec's names cover it; the
  // names asked for here replace them after parsing (issuance needs nothing else of the spec).
  const parsed = parseSpec(
    specWith({ certificates: { names: ['app.contoso.example', '*.app.contoso.example'] } }),
  );
  assert.ok(parsed.ok);
  const spec: EnvironmentSpec = {
    ...parsed.spec,
    certificates: { ...parsed.spec.certificates, names: [...options.names] },
  };
  const group = `/subscriptions/${spec.subscriptionId}/resourcegroups/${spec.resourceGroup}`;
  await adminRequest(emu, 'PUT', `${group}?api-version=2025-04-01`, { location: 'westeurope' });
  await adminRequest(
    emu,
    'PUT',
    `${group}/providers/Microsoft.Network/dnsZones/${ZONE}?api-version=2018-05-01`,
    { location: 'global' },
  );
  const vaultUri = await vaultWithAppRoles(emu, spec, group);
  const read = readSettings({
    ACI_VNET_SIDECARS_CLOUD: 'local',
    ACI_VNET_SIDECARS_ARM_ENDPOINT: emu.armUrl,
    ACI_VNET_SIDECARS_PRINCIPAL_ID: LOCAL_PRINCIPAL_ID,
    ACI_VNET_SIDECARS_NAME_SERVERS: nameServersSetting(emu.nameServers),
    ACI_VNET_SIDECARS_POLL_INTERVAL_MS: '1',
  });
  assert.ok(read.ok, JSON.stringify(read));
  const settings = read.settings;
  const base = connect(settings);
  const connection = {
    ...base,
    armOptions: { ...base.armOptions, tlsOptions: { ca: emu.caPem } },
    vaultOptions: { ...base.vaultOptions, tlsOptions: { ca: emu.caPem } },
  };
  const vault = createVault(connection, vaultUri);
  // New role assignments apply after a (time-scaled) delay.
  await until(
    () =>
      vault.getSecret(spec.names.acmeAccountKeySecret).then(
        () => true,
        () => false,
      ),
    { what: "the app's role assignments on the vault to apply" },
  );
  const zone = createPublicDnsZone(connection, {
    subscriptionId: spec.subscriptionId,
    resourceGroup: spec.resourceGroup,
    zone: ZONE,
    owner: environmentMarks(spec.name),
  });
  return {
    emu,
    pebble,
    spec,
    settings,
    vault,
    zone,
    // As environment-certificate.ts builds it; never resolving a name (a local run must not).
    propagation: async () => ({
      ...dnsPropagationPoll(settings.pollIntervalMs),
      nameServers: await zoneNameServers(zone, settings, () =>
        Promise.reject(new Error('a local run resolves no name server')),
      ),
      sleep: (ms) => sleep(ms).then(() => undefined),
    }),
    txtRecordsLeft: async () => {
      const list = await adminRequest(
        emu,
        'GET',
        `${group}/providers/Microsoft.Network/dnsZones/${ZONE}/TXT?api-version=2018-05-01`,
      );
      return ((list.value ?? []) as { name: string }[]).map((r) => r.name);
    },
    stop: async () => {
      pebble.stop();
      await emu.stop();
    },
  };
}

/** The spec's vault on Azure RBAC, with the two roles the plan grants this app on it. */
async function vaultWithAppRoles(
  emu: EmulatorHandle,
  spec: EnvironmentSpec,
  group: string,
): Promise<string> {
  const vaultId = `${group}/providers/Microsoft.KeyVault/vaults/${spec.names.keyVault}`;
  const vaultResource = await adminRequest(emu, 'PUT', `${vaultId}?api-version=2026-02-01`, {
    location: 'westeurope',
    properties: {
      tenantId: emu.tenantId,
      sku: { family: 'A', name: 'standard' },
      enableRbacAuthorization: true,
    },
  });
  for (const role of ['keyVaultCertificatesOfficer', 'keyVaultSecretsOfficer'] as const) {
    await adminRequest(
      emu,
      'PUT',
      `${vaultId}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}?api-version=2022-04-01`,
      {
        properties: {
          roleDefinitionId: roleDefinitionId(spec.subscriptionId, role),
          principalId: LOCAL_PRINCIPAL_ID,
          principalType: 'ServicePrincipal',
        },
      },
    );
  }
  return (vaultResource.properties as { vaultUri: string }).vaultUri;
}
