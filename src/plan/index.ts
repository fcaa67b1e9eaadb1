// Public exports of src/plan: the pure desired state of an environment.
export { buildPlan } from './plan.js';
export { planProblems } from './validate.js';
export { orderByDependencies } from './order.js';
export {
  http2SyntaxFor,
  renderNginxConf,
  SIDECAR_FILES,
  TLS12_CIPHERS,
  UPSTREAMS,
} from './nginx.js';
export type { Http2Syntax, NginxConfInput } from './nginx.js';
export { ref, param, findReferences, resolveReferences, describeReference } from './references.js';
export type { Reference, ReferenceLookup, ResolveResult } from './references.js';
export { findSecretLikeValues } from './secrets-scan.js';
export type { SecretFinding } from './secrets-scan.js';
export { API_VERSIONS, apiVersionOf } from './api-versions.js';
export type { ResourceType } from './api-versions.js';
export { planIds, armId, extensionId, resourceGroupId, SQL_PRIVATE_ZONE } from './ids.js';
export type { PlanIds } from './ids.js';
export {
  carriesMarks,
  ENVIRONMENT_TAG,
  environmentMarks,
  MANAGED_BY_TAG,
  MANAGED_BY_VALUE,
  ownershipTags,
} from './tags.js';
export { BUILT_IN_ROLES, ROLE_NAMES, roleDefinitionId, roleNameOf } from './roles.js';
export { BACKEND_POOLS, RULE_PRIORITIES, HEALTH_PATHS, HEALTHY_BODY } from './gateway-parts.js';
export {
  CONTAINER_GROUP_EVENT_TYPES,
  RESOURCE_GROUP_TOPIC_TYPE,
  onSystemTopic,
  systemTopicOfSource,
} from './event-grid.js';
export type { SystemTopicSummary } from './event-grid.js';
export { workloadImages, workloadImage, imageName } from './images.js';
export type { WorkloadImage, ImageRole } from './images.js';
export { sqlSku } from './database.js';
export { MIGRATION_CONTAINER, migrationGroupName } from './database-migration.js';
export { relativeName } from './public-dns.js';
export type * from './types.js';
export { bodyDrift } from './drift.js';
export { withBackendAddresses, compareIp, backendAddressesOf } from './gateway-backends.js';
export type { PoolAddresses } from './gateway-backends.js';
export { gatewayFrame } from './gateway-frame.js';
export { groupRecords } from './group-records.js';
export { containerGroupRoles } from './container-groups.js';
export type { GroupRole } from './container-groups.js';
export { driftOf, replacementsOf, replacesLine, resourceChange } from './replacements.js';
export type { ResourceChange } from './replacements.js';
