// An environment as the workflows see it: its context, its Durable instances, what was deployed,
// and the operations on it that more than one workflow performs (apply, group addresses, gateway).
export {
  environmentContext,
  environmentPlan,
  planFingerprint,
  planOptions,
  resolveTenantId,
} from './context.js';
export type { EnvironmentContext } from './context.js';
export { instanceIdOf, isActive, statusOrUndefined, environmentOfDeployment } from './instances.js';
export type { InstanceRole } from './instances.js';
export { deployedEnvironments, lastDeployedSpec } from './deployed.js';
export { describeLocation, locationOfSpec, sameLocation } from './location.js';
export type { EnvironmentLocation } from './location.js';
export type { DeploymentRecord } from './deployed.js';
export { applyContext, applyResource, applyResources, readKnown, resolvedBody } from './apply.js';
export type { ApplyContext, AppliedResource } from './apply.js';
export {
  groupState,
  ipsByGroupId,
  isRunning,
  poolAddresses,
  readGroupAddresses,
} from './group-addresses.js';
export type { GroupAddress } from './group-addresses.js';
export { listGroupAddresses } from './group-listing.js';
export { gatewayBusy, writeGateway, writableBody } from './gateway-writer.js';
export type { GatewayBusy, GatewayChange, GatewayWrite } from './gateway-writer.js';
export { instanceStatuses, runningWriter } from './gateway-writers.js';
export { publicZoneOf, requirePublicZone } from './public-zone.js';
export {
  describeRecordChange,
  followPools,
  followRecords,
  gatewayWithPools,
} from './follow-groups.js';
export type { FollowOptions } from './follow-groups.js';
export { poolChanges, recordChanges } from './group-diffs.js';
export type { Pools, RecordChange, RecordState } from './group-diffs.js';
export { restartingGroups, restartingReason } from './restarting.js';
export { onGroupSystemTopic } from './system-topic.js';
export type { OnGroupTopic } from './system-topic.js';
export { diffEnvironment } from './environment-diff.js';
export type { ResourceDiff } from './environment-diff.js';
export { deployedSince, teardownState, teardownStateOf, tornDownReason } from './teardown-state.js';
export type { InstanceTimes, TeardownState } from './teardown-state.js';
export { nothingToPrune, pruneSelection } from './prune-selection.js';
export type { KeptResource, PruneListing, PruneSelection, PruneTarget } from './prune-selection.js';
export { listPruneCandidates, readPruneSelection } from './prune-listing.js';
export { deleteUnplanned, describePruned, groupsInOperation } from './prune.js';
export { dropFromPools } from './pool-removal.js';
export type { PoolRemoval } from './pool-removal.js';
export type { DiffChange } from './environment-diff.js';
export { pruneDiffs } from './prune-diff.js';
