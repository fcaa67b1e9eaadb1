import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSpec } from '../../../src/spec/index.js';
import { specWith } from '../../support/specs.js';

/**
 * Number rules: whole numbers and both ends of each range. Each case changes one field of the
 * minimal example and names the one problem a user sees, at its exact path and with its message.
 */
interface Case {
  title: string;
  patch: Record<string, unknown>;
  path: string;
  message: string;
}

const resources = (web: Record<string, unknown>) => ({ app: { resources: { web } } });
const nat = (idleTimeoutInMinutes: number) => ({
  network: { natGateway: { idleTimeoutInMinutes } },
});

const cases: Case[] = [
  {
    title: 'a fractional NAT idle timeout',
    patch: nat(4.5),
    path: 'network.natGateway.idleTimeoutInMinutes',
    message: 'must be a whole number of minutes',
  },
  {
    title: 'a NAT idle timeout below 4 minutes',
    patch: nat(3),
    path: 'network.natGateway.idleTimeoutInMinutes',
    message: 'must be at least 4 minutes',
  },
  {
    title: 'a NAT idle timeout above 120 minutes',
    patch: nat(121),
    path: 'network.natGateway.idleTimeoutInMinutes',
    message: 'must be at most 120 minutes',
  },
  {
    title: 'a fractional record TTL',
    patch: { dns: { ttl: 1.5 } },
    path: 'dns.ttl',
    message: 'must be a whole number of seconds',
  },
  {
    title: 'a record TTL of 0',
    patch: { dns: { ttl: 0 } },
    path: 'dns.ttl',
    message: 'must be at least 1 second',
  },
  {
    title: 'a record TTL above one day',
    patch: { dns: { ttl: 86401 } },
    path: 'dns.ttl',
    message: 'must be at most 86400 seconds (one day)',
  },
  {
    title: 'a fractional renewal window',
    patch: { certificates: { renewBeforeDays: 1.5 } },
    path: 'certificates.renewBeforeDays',
    message: 'must be a whole number of days',
  },
  {
    title: 'a renewal window of 0 days',
    patch: { certificates: { renewBeforeDays: 0 } },
    path: 'certificates.renewBeforeDays',
    message: 'must be at least 1 day',
  },
  {
    title: 'a fractional certificate check interval',
    patch: { certificates: { checkEveryMinutes: 1.5 } },
    path: 'certificates.checkEveryMinutes',
    message: 'must be a whole number of minutes',
  },
  {
    title: 'a certificate check interval below 5 minutes',
    patch: { certificates: { checkEveryMinutes: 4 } },
    path: 'certificates.checkEveryMinutes',
    message: 'must be at least 5 minutes',
  },
  {
    title: "a certificate check interval above Application Gateway's",
    patch: { certificates: { checkEveryMinutes: 241 } },
    path: 'certificates.checkEveryMinutes',
    message: "must be at most 240 minutes (Application Gateway's own 4-hour interval)",
  },
  {
    title: 'a container without CPU',
    patch: resources({ cpu: 0, memoryInGB: 1 }),
    path: 'app.resources.web.cpu',
    message: 'must be greater than 0 cores',
  },
  {
    title: 'a CPU size that is not a multiple of 0.1 cores',
    patch: resources({ cpu: 0.15, memoryInGB: 1 }),
    path: 'app.resources.web.cpu',
    message: 'must be a multiple of 0.1 cores',
  },
  {
    title: 'a container without memory',
    patch: resources({ cpu: 1, memoryInGB: 0 }),
    path: 'app.resources.web.memoryInGB',
    message: 'must be greater than 0 GB',
  },
  {
    title: 'a container asking for more memory than ACI gives',
    patch: resources({ cpu: 1, memoryInGB: 17 }),
    path: 'app.resources.web.memoryInGB',
    message: 'must be at most 16 GB',
  },
  {
    title: 'a fractional minimum gateway capacity',
    patch: { gateway: { minCapacity: 1.5 } },
    path: 'gateway.minCapacity',
    message: 'must be a whole number',
  },
  {
    title: 'a negative minimum gateway capacity',
    patch: { gateway: { minCapacity: -1 } },
    path: 'gateway.minCapacity',
    message: 'must be at least 0',
  },
  {
    title: 'a minimum gateway capacity above 125',
    patch: { gateway: { minCapacity: 126, maxCapacity: 125 } },
    path: 'gateway.minCapacity',
    message: 'must be at most 125',
  },
  {
    title: 'a fractional maximum gateway capacity',
    patch: { gateway: { maxCapacity: 2.5 } },
    path: 'gateway.maxCapacity',
    message: 'must be a whole number',
  },
  {
    title: 'a maximum gateway capacity below 2',
    patch: { gateway: { minCapacity: 1, maxCapacity: 1 } },
    path: 'gateway.maxCapacity',
    message: 'must be at least 2',
  },
  {
    title: 'a maximum gateway capacity above 125',
    patch: { gateway: { maxCapacity: 126 } },
    path: 'gateway.maxCapacity',
    message: 'must be at most 125',
  },
  {
    title: 'a fractional dashboard port',
    patch: { gateway: { dashboardPort: 8443.5 } },
    path: 'gateway.dashboardPort',
    message: 'must be a whole port number',
  },
  {
    title: 'a dashboard port of 0',
    patch: { gateway: { dashboardPort: 0 } },
    path: 'gateway.dashboardPort',
    message: 'must be a port from 1 to 65199',
  },
  {
    title: 'a dashboard port of 80, the HTTP listener',
    patch: { gateway: { dashboardPort: 80 } },
    path: 'gateway.dashboardPort',
    message: "80 is already used by the app's listeners; choose another port such as 8443",
  },
];

describe('number rules', () => {
  for (const c of cases) {
    test(`reports ${c.title}`, () => {
      const result = parseSpec(specWith(c.patch));
      assert.equal(result.ok, false, 'the spec should be rejected');
      if (!result.ok) assert.deepEqual(result.problems, [{ path: c.path, message: c.message }]);
    });
  }
});
