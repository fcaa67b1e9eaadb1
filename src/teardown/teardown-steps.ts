// The teardown's steps, in the order they run, and which step deletes each resource type.

/**
 * The order resources are deleted in: the reverse of what depends on what. Event Grid first, so
 * that the deletes that follow raise no reconcile; the gateway before the groups it serves and
 * the subnet it sits in; the groups before their identities, registry, vault and subnet (a
 * subnet in use cannot be deleted: `InUseSubnetCannotBeDeleted`); the records before their
 * zones; the private endpoint before the SQL server and the subnet; the links before their zones
 * and the network; the network's parts after everything in them (a VNet whose subnets are in
 * use, an NSG or NAT gateway a subnet uses, a public IP a gateway or NAT gateway uses cannot be
 * deleted); identities last, with any role assignment left that grants them something. A role
 * assignment goes with the resource it is scoped to, deleted just before it.
 */
export const TEARDOWN_STEPS = [
  {
    name: 'event-grid',
    does: 'the container-group event subscription, then the system topic when it is ours and serves no one else',
  },
  { name: 'gateway', does: 'the Application Gateway' },
  {
    name: 'container-groups',
    does: 'the app groups, the dashboard group, any run-once group, and the role assignments on them',
  },
  {
    name: 'dns-records',
    does: "the groups' private A records, and the host's record and ACME TXT records the app wrote in the public zone (never the zone)",
  },
  {
    name: 'private-endpoint',
    does: "the SQL private endpoint and its DNS zone group (the endpoint's A record)",
  },
  { name: 'database', does: 'the database, then the SQL server' },
  {
    name: 'registry',
    does: 'the container registry (with its images) and its AcrPull role assignments',
  },
  {
    name: 'key-vault',
    does: 'the role assignments on the vault and its certificate secret, then the vault: soft-deleted, recoverable, never purged',
  },
  {
    name: 'private-dns',
    does: "the private zones' virtual network links, then the zones no one else uses",
  },
  {
    name: 'network',
    does: 'the WAF policy, the virtual network (with its subnets), the NAT gateway, the network security groups and the public IPs',
  },
  { name: 'identities', does: 'the role assignments left, then the managed identities' },
] as const;

export type TeardownStep = (typeof TEARDOWN_STEPS)[number]['name'];

/** Steps that delete nothing: before the deletions, and the resource group after them. */
export const BEFORE_STEPS = [
  { name: 'workflows', does: "the environment's reconcile and renewal stopped" },
  {
    name: 'inventory',
    does: "what of the environment's plan exists, and what else carries its ownership tags",
  },
] as const;
export const AFTER_STEPS = [
  {
    name: 'resource-group',
    does: 'the resource group, only when the app created it and nothing that is not ours is left in it',
  },
] as const;

export type ProgressStep =
  (typeof BEFORE_STEPS)[number]['name'] | TeardownStep | (typeof AFTER_STEPS)[number]['name'];

/** Every step as the status endpoint lists it. */
export const PROGRESS_STEPS: readonly { name: ProgressStep; does: string }[] = [
  ...BEFORE_STEPS,
  ...TEARDOWN_STEPS,
  ...AFTER_STEPS,
];

/** Resource type (lower case) → the step that deletes it. Role assignments follow their scope. */
const STEP_OF_TYPE: Readonly<Record<string, TeardownStep>> = {
  'microsoft.eventgrid/systemtopics': 'event-grid',
  'microsoft.eventgrid/systemtopics/eventsubscriptions': 'event-grid',
  'microsoft.network/applicationgateways': 'gateway',
  'microsoft.containerinstance/containergroups': 'container-groups',
  'microsoft.network/privatednszones/a': 'dns-records',
  'microsoft.network/dnszones/a': 'dns-records',
  'microsoft.network/dnszones/cname': 'dns-records',
  'microsoft.network/dnszones/txt': 'dns-records',
  'microsoft.network/privateendpoints': 'private-endpoint',
  'microsoft.network/privateendpoints/privatednszonegroups': 'private-endpoint',
  'microsoft.sql/servers': 'database',
  'microsoft.sql/servers/databases': 'database',
  'microsoft.containerregistry/registries': 'registry',
  'microsoft.keyvault/vaults': 'key-vault',
  'microsoft.network/privatednszones': 'private-dns',
  'microsoft.network/privatednszones/virtualnetworklinks': 'private-dns',
  'microsoft.network/applicationgatewaywebapplicationfirewallpolicies': 'network',
  'microsoft.network/virtualnetworks': 'network',
  'microsoft.network/natgateways': 'network',
  'microsoft.network/networksecuritygroups': 'network',
  'microsoft.network/publicipaddresses': 'network',
  'microsoft.managedidentity/userassignedidentities': 'identities',
};

export const ROLE_ASSIGNMENT_TYPE = 'microsoft.authorization/roleassignments';

/** The step that deletes resources of `type`; undefined for a type this app does not create. */
export function stepOfType(type: string): TeardownStep | undefined {
  return STEP_OF_TYPE[type.toLowerCase()];
}

export function stepIndex(step: TeardownStep): number {
  return TEARDOWN_STEPS.findIndex((s) => s.name === step);
}
