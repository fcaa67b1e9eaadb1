// Every resource type with behaviour beyond the generic ARM store, by provider namespace, and the
// lookup the ARM layer uses (types not listed follow the generic store).
import { behaviourTable, type TypeBehaviour } from '../arm/behaviour.js';
import { roleAssignments } from './authorization/role-assignments.js';
import { containerGroups } from './container-instance/container-groups.js';
import { registries } from './container-registry/registries.js';
import { systemTopics } from './event-grid/system-topics.js';
import {
  eventSubscriptions,
  systemTopicSubscriptions,
} from './event-grid/topics-and-subscriptions.js';
import { keyVaults } from './key-vault/vaults.js';
import { userAssignedIdentities } from './managed-identity/user-assigned-identities.js';
import { applicationGateways } from './network/application-gateways.js';
import {
  dnsZones,
  privateDnsZoneLinks,
  privateDnsZones,
  recordSetBehaviours,
} from './network/dns-zones.js';
import { natGateways } from './network/nat-gateways.js';
import { networkSecurityGroups } from './network/network-security-groups.js';
import { privateDnsZoneGroups, privateEndpoints } from './network/private-endpoints.js';
import { publicIpAddresses } from './network/public-ip-addresses.js';
import { subnets } from './network/subnets.js';
import { virtualNetworks } from './network/virtual-networks.js';
import { sqlDatabases, sqlServers } from './sql/servers.js';

export const typeBehaviours: readonly TypeBehaviour[] = [
  // Microsoft.Network
  virtualNetworks,
  subnets,
  networkSecurityGroups,
  natGateways,
  applicationGateways,
  publicIpAddresses,
  privateEndpoints,
  privateDnsZoneGroups,
  dnsZones,
  privateDnsZones,
  privateDnsZoneLinks,
  ...recordSetBehaviours,
  // Microsoft.ContainerInstance
  containerGroups,
  // Microsoft.KeyVault
  keyVaults,
  // Microsoft.ContainerRegistry
  registries,
  // Microsoft.Sql
  sqlServers,
  sqlDatabases,
  // Microsoft.EventGrid
  systemTopics,
  systemTopicSubscriptions,
  eventSubscriptions,
  // Microsoft.ManagedIdentity and Microsoft.Authorization
  userAssignedIdentities,
  roleAssignments,
];

export const behaviourFor = behaviourTable(typeBehaviours);
