// NAT gateways: the generic store, except that one a subnet is still associated with cannot be
// deleted (associations.ts).
import type { TypeBehaviour } from '../../arm/behaviour.js';
import { latencyOf } from '../../arm/latencies.js';
import { checkNatGatewayUnused } from './associations.js';

const TYPE = 'Microsoft.Network/natGateways';

export const natGateways: TypeBehaviour = {
  type: TYPE,
  latency: latencyOf(TYPE),
  beforeDelete: checkNatGatewayUnused,
};
