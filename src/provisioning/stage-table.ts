// The one definition of the deployment's stages, from which the rest of provisioning derives.
import type { PlanArea } from '../plan/index.js';
import type { StageHandler } from './stage-context.js';
import { applyStage } from './stages/apply-stage.js';
import { certificateStage } from './stages/certificate-stage.js';
import { databaseMigrationStage } from './stages/database-migration-stage.js';
import { eventGridStage } from './stages/event-grid-stage.js';
import {
  containerGroupsStage,
  gatewayConfigurationStage,
  gatewayStage,
  groupRecordsStage,
} from './stages/group-stages.js';
import { keyVaultStage } from './stages/key-vault-stage.js';
import { pruneStage } from './stages/prune-stage.js';
import { publicDnsStage } from './stages/public-dns-stage.js';
import { registryStage } from './stages/registry-stage.js';
import { resourceProvidersStage } from './stages/resource-providers-stage.js';
import { verifyStage } from './stages/verify-stage.js';

/**
 * The deployment, as one table: every stage with what it does, the plan areas whose resources it
 * writes (a role assignment goes with the resource it is scoped to), the dependencies that no
 * body reference expresses and why, and its handler. Everything else is derived from it: the
 * stage graph (stage-graph.ts adds the dependencies that the plan's own references imply), one
 * Durable activity per stage (deploy.activities.ts), the order the status endpoint lists, and
 * the stage section of docs/architecture.md (`npm run docs`).
 *
 * Retries: every stage runs with STAGE_RETRY for conflicts and superseded operations, and waits
 * with Durable timers (NOT_READY_WAIT) while it answers "not ready"; see src/retry-policies.ts.
 */

export interface StageDefinition<N extends string = string> {
  name: N;
  /** One line for the docs. */
  does: string;
  writes: readonly Exclude<PlanArea, 'access'>[];
  /** Dependencies that no reference in a planned body expresses. */
  after: readonly { stage: NoInfer<N>; why: string }[];
  /** Runs before every other stage, which all wait for it. */
  first?: boolean;
  /** Runs once every other stage has succeeded. */
  last?: boolean;
  run: StageHandler;
}

function stageTable<const N extends string>(
  stages: readonly StageDefinition<N>[],
): readonly StageDefinition<N>[] {
  return stages;
}

export const STAGE_TABLE = stageTable([
  {
    name: 'resource-providers',
    does: 'the subscription registered for every resource provider namespace the deployment writes to',
    writes: [],
    after: [],
    first: true,
    run: resourceProvidersStage,
  },
  {
    name: 'identities',
    does: 'user-assigned managed identities, one per role: app groups, dashboard, SQL admin, gateway',
    writes: ['identity'],
    after: [],
    run: applyStage,
  },
  {
    name: 'network',
    does: 'virtual network, subnets (one delegated to ACI) and the NAT gateway',
    writes: ['network'],
    after: [],
    run: applyStage,
  },
  {
    name: 'private-dns',
    does: 'private DNS zones for the groups and for SQL, linked to the network',
    writes: ['private-dns'],
    after: [],
    run: applyStage,
  },
  {
    name: 'key-vault',
    does: "Key Vault (RBAC, purge protection), the roles on it and on the certificate's secret",
    writes: ['key-vault'],
    after: [],
    run: keyVaultStage,
  },
  {
    name: 'registry',
    does: 'container registry, AcrPull, and every workload image imported or built',
    writes: ['registry'],
    after: [],
    run: registryStage,
  },
  {
    name: 'database',
    does: 'Azure SQL server (Entra-only) and database behind a private endpoint',
    writes: ['database'],
    after: [],
    run: applyStage,
  },
  {
    name: 'database-migration',
    does: 'access table and contained database users, set by a run-once group holding the SQL admin',
    writes: ['database-migration'],
    after: [],
    run: databaseMigrationStage,
  },
  {
    name: 'certificate',
    does: "LetsEncrypt certificate for the host name in the environment's vault (DNS-01)",
    writes: [],
    after: [{ stage: 'key-vault', why: "the certificate is created in the environment's vault" }],
    run: certificateStage,
  },
  {
    name: 'container-groups',
    does: 'the app groups and the dashboard group, each with its init container and nginx sidecar',
    writes: ['container-groups'],
    after: [
      {
        stage: 'certificate',
        why: 'the init containers fetch the certificate from the vault when a group starts',
      },
    ],
    run: containerGroupsStage,
  },
  {
    name: 'group-dns-records',
    does: "one private A record per group, holding the group's current IP",
    writes: [],
    after: [
      {
        stage: 'container-groups',
        why: "a record holds its group's IP, which exists only once the group runs",
      },
      { stage: 'private-dns', why: "the records go into the environment's private zone" },
    ],
    run: groupRecordsStage,
  },
  {
    name: 'gateway',
    does: 'Application Gateway created, when it does not exist yet, without the HTTPS listener that needs the certificate; its port-80 listener redirects to the host name',
    writes: [],
    after: [
      { stage: 'identities', why: 'the gateway is created with its user-assigned identity' },
      {
        stage: 'network',
        why: "the gateway is created in its subnet, on its public IP, with the network's WAF policy",
      },
    ],
    run: gatewayStage,
  },
  {
    name: 'gateway-configuration',
    does: "the planned gateway written whole once its identity's Key Vault grant has applied: the HTTPS listener with the vault's certificate, and pools holding every group's IP",
    writes: ['gateway'],
    after: [
      { stage: 'gateway', why: 'the gateway exists, created by the gateway stage' },
      { stage: 'certificate', why: "the HTTPS listener references the certificate's secret" },
      {
        stage: 'container-groups',
        why: "backend pools hold the groups' IPs, which are read, not referenced",
      },
    ],
    run: gatewayConfigurationStage,
  },
  {
    name: 'prune',
    does: 'the container groups and A records this environment made that the spec no longer plans, deleted once the pools no longer hold them (not with `prune: false`)',
    writes: [],
    after: [
      {
        stage: 'gateway-configuration',
        why: "its pools hold only the planned groups' IPs: a group leaves them before it is deleted",
      },
    ],
    run: pruneStage,
  },
  {
    name: 'public-dns',
    does: "the host name's CNAME to the gateway in the user's public zone",
    writes: ['public-dns'],
    after: [],
    run: publicDnsStage,
  },
  {
    name: 'event-grid',
    does: "the container-group event subscription, on the group's system topic (reused if any)",
    writes: ['event-grid'],
    after: [],
    run: eventGridStage,
  },
  {
    name: 'verify',
    does: "every group runs with an IP and the gateway's probes find every backend healthy",
    writes: [],
    after: [],
    last: true,
    run: verifyStage,
  },
]);

export type StageName = (typeof STAGE_TABLE)[number]['name'];

/** Stage names in table order: the order the status endpoint and the docs list them in. */
export const STAGES: readonly StageName[] = STAGE_TABLE.map((s) => s.name);

export function stageDefinition(name: StageName): StageDefinition<StageName> {
  const definition = STAGE_TABLE.find((s) => s.name === name);
  if (!definition) throw new Error(`no stage named ${name}`);
  return definition;
}
