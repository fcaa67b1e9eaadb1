// The emulator's latency model: how long each resource type's create, update and delete take in
// Azure (before `timeScale`), and where each figure comes from. One table, so that a reviewer
// (and bench/deploy, which prints the estimates) sees every figure and its source together.
//
// Kinds: `documented` (a Microsoft page or REST spec gives it), `measured` (the original sample's
// workflow runs, Azure-Samples/aci-in-vnet-with-sidecars, .github/workflows/00-deploy_app.yml,
// read with the scripts each job runs), `estimate` (no source gives a duration: the reasoning).

export type LatencyKind = 'documented' | 'measured' | 'estimate';

export interface Latency {
  createMs: number;
  updateMs: number;
  deleteMs: number;
  kind: LatencyKind;
  /** The page, spec or run the figures come from, or the reasoning of an estimate. */
  source: string;
}

/** An operation that is not a PUT or DELETE of a resource (a build, a restart, a registration). */
export interface OperationLatency {
  ms: number;
  kind: LatencyKind;
  source: string;
}

const synchronous = (source: string): Latency => ({
  createMs: 0,
  updateMs: 0,
  deleteMs: 0,
  kind: 'documented',
  source,
});

const networkEstimate = (ms: number, why: string): Latency => ({
  createMs: ms,
  updateMs: ms,
  deleteMs: ms,
  kind: 'estimate',
  source: `no Microsoft page gives a duration; ${why}`,
});

/** A system topic's subscriptions and standalone ones alike. */
const EVENT_SUBSCRIPTION: Latency = {
  createMs: 10_000,
  updateMs: 10_000,
  deleteMs: 0,
  kind: 'estimate',
  source:
    'no Microsoft page gives a duration; a webhook endpoint also waits for its validation handshake',
};

/** Type → latency. Types not listed: DEFAULT_LATENCY. */
const TABLE: Record<string, Latency> = {
  'Microsoft.Network/applicationGateways': {
    createMs: 360_000,
    updateMs: 40_000,
    deleteMs: 180_000,
    kind: 'documented',
    source:
      'create: "Most deployments that use the v2 SKU take around 6 minutes to provision" (application-gateway/application-gateway-faq.md); update: the sample\'s gateway job, 20 sequential full PUTs in 13m19 (about 40 s each), within the gateway team\'s "For v2 SKU, it is expected to take up to 1 minute" (portal self-help, application-gateway-performance-conf-update-too-long.md); delete: estimate (3m41 seen by aztfmod/terraform-azurerm-caf#1067)',
  },
  'Microsoft.ContainerInstance/containerGroups': {
    createMs: 120_000,
    updateMs: 120_000,
    deleteMs: 10_000,
    kind: 'measured',
    source:
      'the sample\'s container job (3m21) holds one synchronous VNet `az container create`: about 120 s once job set-up and look-ups are taken off; "deployments to a virtual network are typically slower" (container-instances/container-instances-virtual-network-concepts.md); delete: estimate',
  },
  'Microsoft.Network/privateDnsZones': {
    createMs: 60_000,
    updateMs: 60_000,
    deleteMs: 60_000,
    kind: 'documented',
    source:
      'the REST spec\'s PrivateZonePut.json answers 202 with "Retry-After": "60" (privatedns 2024-06-01 examples): a client polls no sooner',
  },
  'Microsoft.Network/privateDnsZones/virtualNetworkLinks': {
    createMs: 60_000,
    updateMs: 60_000,
    deleteMs: 60_000,
    kind: 'documented',
    source:
      'the REST spec\'s VirtualNetworkLinkPut.json answers 202 with "Retry-After": "60" (privatedns 2024-06-01 examples)',
  },
  'Microsoft.Network/dnsZones': synchronous(
    'CreateOrUpdateZone.json answers 200/201 only (dns 2018-05-01 examples)',
  ),
  'Microsoft.ManagedIdentity/userAssignedIdentities': synchronous(
    'IdentityCreate.json answers 200/201 with the body, no 202 (msi 2023-01-31 examples)',
  ),
  'Microsoft.Authorization/roleAssignments': synchronous(
    'PUT answers 201 at once; when it takes effect is ROLE_ASSIGNMENT_EFFECT below',
  ),
  'Microsoft.Sql/servers': {
    createMs: 120_000,
    updateMs: 60_000,
    deleteMs: 30_000,
    kind: 'estimate',
    source:
      'no Microsoft page gives a duration (the single-database quickstart says none) and the sample created its server with --no-wait; two minutes',
  },
  'Microsoft.Sql/servers/databases': {
    createMs: 60_000,
    updateMs: 60_000,
    deleteMs: 10_000,
    kind: 'estimate',
    source: 'no Microsoft page gives a duration; the sample used `az sql db create --no-wait`',
  },
  'Microsoft.Network/privateEndpoints': networkEstimate(
    30_000,
    'a Network RP operation that also wires the NIC and the SQL connection',
  ),
  'Microsoft.Network/privateEndpoints/privateDnsZoneGroups': networkEstimate(
    5_000,
    'record-set writes in a zone the endpoint already knows',
  ),
  'Microsoft.Network/virtualNetworks': networkEstimate(5_000, 'a Network RP operation of seconds'),
  'Microsoft.Network/virtualNetworks/subnets': networkEstimate(
    5_000,
    'a Network RP operation of seconds',
  ),
  'Microsoft.Network/networkSecurityGroups': networkEstimate(
    5_000,
    'a Network RP operation of seconds',
  ),
  'Microsoft.Network/publicIPAddresses': networkEstimate(
    5_000,
    'a Network RP operation of seconds',
  ),
  'Microsoft.Network/natGateways': networkEstimate(
    15_000,
    'a public IP association as well: slower than a bare IP',
  ),
  'Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies': networkEstimate(
    5_000,
    'a policy document, no instance to configure',
  ),
  'Microsoft.KeyVault/vaults': {
    createMs: 15_000,
    updateMs: 5_000,
    deleteMs: 0,
    kind: 'estimate',
    source:
      'no Microsoft page gives a duration; a delete only soft-deletes the vault, at once (key-vault/general/soft-delete-overview.md)',
  },
  'Microsoft.ContainerRegistry/registries': {
    createMs: 15_000,
    updateMs: 5_000,
    deleteMs: 10_000,
    kind: 'estimate',
    source: 'no Microsoft page gives a duration',
  },
  'Microsoft.EventGrid/systemTopics': networkEstimate(10_000, 'a topic on an existing source'),
  'Microsoft.EventGrid/systemTopics/eventSubscriptions': EVENT_SUBSCRIPTION,
  'Microsoft.EventGrid/eventSubscriptions': EVENT_SUBSCRIPTION,
};

/** Most resource providers answer a PUT in seconds (ARM's asynchronous pattern). */
export const DEFAULT_LATENCY: Latency = networkEstimate(3_000, 'most RPs answer in seconds');

/** Private DNS record sets and public ones are written synchronously (200/201 only). */
export const RECORD_SET_LATENCY: Latency = synchronous(
  'RecordSetAPut.json (privatedns) and CreateOrUpdate record set examples (dns) answer 200/201 only',
);

const BY_TYPE = new Map(Object.entries(TABLE).map(([type, l]) => [type.toLowerCase(), l]));

export function latencyOf(type: string): Latency {
  return BY_TYPE.get(type.toLowerCase()) ?? DEFAULT_LATENCY;
}

/** Operations other than a resource's PUT or DELETE. */
export const OPERATION_LATENCIES = {
  resourceProviderRegistration: {
    ms: 60_000,
    kind: 'estimate',
    source:
      'Microsoft says only "It might take a moment for the registration to finish" (event-grid/includes/register-provider-cli.md)',
  },
  roleAssignmentEffect: {
    ms: 10 * 60_000,
    kind: 'documented',
    source:
      '"it can take up to 10 minutes for changes to take effect" (role-based-access-control/troubleshooting.md): the worst case the app must survive',
  },
  acrBuild: {
    ms: 70_000,
    kind: 'documented',
    source:
      'the quick-task tutorial\'s `az acr build` of a small Node image: "successful after 1m9.97s" (container-registry/container-registry-tutorial-quick-task.md); no limit on a registry\'s concurrent runs is documented',
  },
  containerGroupRestart: {
    ms: 60_000,
    kind: 'estimate',
    source:
      'a restart reuses the group in place: faster than a create; no Microsoft page gives a duration',
  },
  containerGroupRestartOperation: {
    ms: 5_000,
    kind: 'estimate',
    source: "the restart POST's operation ends before the group runs again",
  },
  containerGroupStart: {
    ms: 30_000,
    kind: 'estimate',
    source: 'no Microsoft page gives a duration',
  },
  runOnceTask: {
    ms: 10_000,
    kind: 'estimate',
    source: 'how long an emulated task (the migration) runs once its group is up',
  },
  publicDnsPropagation: {
    ms: 60_000,
    kind: 'documented',
    source:
      '"Changes to existing DNS records … should still be reflected on the Azure DNS name servers within 60 seconds" (dns/dns-faq.md): the slowest name server',
  },
} satisfies Record<string, OperationLatency>;

export interface LatencyRow {
  /** A resource type, or an operation's name. */
  what: string;
  figures: string;
  kind: LatencyKind;
  source: string;
}

const seconds = (ms: number) => `${ms / 1000} s`;

/** The whole model, for a bench to print: every resource type, then every other operation. */
export function latencyModel(): LatencyRow[] {
  return [
    ...Object.entries(TABLE).map(([type, l]) => ({
      what: type,
      figures: `create ${seconds(l.createMs)}, update ${seconds(l.updateMs)}, delete ${seconds(l.deleteMs)}`,
      kind: l.kind,
      source: l.source,
    })),
    {
      what: 'any other resource type',
      figures: seconds(DEFAULT_LATENCY.createMs),
      kind: DEFAULT_LATENCY.kind,
      source: DEFAULT_LATENCY.source,
    },
    ...Object.entries(OPERATION_LATENCIES).map(([name, o]) => ({
      what: name,
      figures: seconds(o.ms),
      kind: o.kind,
      source: o.source,
    })),
  ];
}
