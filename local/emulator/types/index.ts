// Every resource type with behaviour beyond the generic store.
import type { TypeBehaviour } from '../arm/behaviour.js';
import { applicationGateways } from './application-gateways.js';
import { containerGroups } from './container-groups.js';
import { eventSubscriptions, systemTopicSubscriptions, systemTopics } from './event-grid.js';
import {
  dnsZones,
  privateDnsZoneLinks,
  privateDnsZones,
  recordSetBehaviours,
} from './dns-zones.js';
import { roleAssignments, userAssignedIdentities } from './identity-and-access.js';
import { keyVaults } from './key-vaults.js';
import { privateDnsZoneGroups, privateEndpoints } from './private-endpoints.js';
import { publicIpAddresses } from './public-ips.js';
import { registries } from './registries.js';
import { sqlDatabases, sqlServers } from './sql.js';
import { subnets, virtualNetworks } from './virtual-networks.js';

export const typeBehaviours: readonly TypeBehaviour[] = [
  virtualNetworks,
  subnets,
  containerGroups,
  systemTopics,
  systemTopicSubscriptions,
  eventSubscriptions,
  keyVaults,
  dnsZones,
  privateDnsZones,
  privateDnsZoneLinks,
  ...recordSetBehaviours,
  applicationGateways,
  publicIpAddresses,
  userAssignedIdentities,
  roleAssignments,
  sqlServers,
  sqlDatabases,
  registries,
  privateEndpoints,
  privateDnsZoneGroups,
];
