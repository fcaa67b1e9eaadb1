import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSpec, type SpecProblem } from '../../../src/spec/index.js';
import { exampleInput, specWith } from '../../support/specs.js';

/** Each case breaks one thing in a valid spec and names the exact problem a user must see. */
interface Case {
  title: string;
  spec: unknown;
  problems: SpecProblem[];
}

const net = (subnets: Record<string, string>, addressSpace?: string) =>
  specWith({ network: { ...(addressSpace ? { addressSpace } : {}), subnets } });

const cases: Case[] = [
  {
    title: 'a spec that is not an object',
    spec: ['not', 'a', 'spec'],
    problems: [{ path: '(spec)', message: 'must be a JSON object' }],
  },
  {
    title: 'a prune setting that is not a boolean',
    spec: specWith({ prune: 'no' }),
    problems: [{ path: 'prune', message: 'must be a boolean, not a string' }],
  },
  {
    title: 'a missing required field',
    spec: specWith({ location: undefined }),
    problems: [{ path: 'location', message: 'is required' }],
  },
  {
    title: 'an environment name with upper-case letters',
    spec: specWith({ name: 'Contoso' }),
    problems: [
      {
        path: 'name',
        message:
          'must be 3 to 20 characters: lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen',
      },
    ],
  },
  {
    title: 'an environment name with two hyphens in a row',
    spec: specWith({ name: 'contoso--dev' }),
    problems: [{ path: 'name', message: 'must not contain two hyphens in a row' }],
  },
  {
    title: 'a subscription id that is not a GUID',
    spec: specWith({ subscriptionId: 'my-subscription' }),
    problems: [
      {
        path: 'subscriptionId',
        message: 'must be a subscription GUID such as 00000000-0000-0000-0000-000000000000',
      },
    ],
  },
  {
    title: 'a resource group name ending with a period',
    spec: specWith({ resourceGroup: 'rg-contoso.' }),
    problems: [
      {
        path: 'resourceGroup',
        message:
          'must be 1 to 90 letters, digits, underscores, hyphens, periods or parentheses, not ending with a period',
      },
    ],
  },
  {
    title: 'a location written as a display name',
    spec: specWith({ location: 'West Europe' }),
    problems: [
      { path: 'location', message: 'must be an Azure region name such as westeurope or eastus2' },
    ],
  },
  {
    title: 'an unknown key at the top level',
    spec: specWith({ regions: ['westeurope'] }),
    problems: [
      { path: 'regions', message: 'is not a known setting; remove it or check its spelling' },
    ],
  },
  {
    title: 'an unknown key deep in a section',
    spec: specWith({ network: { subnets: { gatway: '192.168.3.0/24' } } }),
    problems: [
      {
        path: 'network.subnets.gatway',
        message: 'is not a known setting; remove it or check its spelling',
      },
    ],
  },
  {
    title: 'a CIDR block with bad syntax',
    spec: net({ containers: '192.168.1/24' }),
    problems: [
      {
        path: 'network.subnets.containers',
        message: '192.168.1/24 is not a CIDR block; write it like 192.168.1.0/24',
      },
    ],
  },
  {
    title: 'a CIDR block with an octet above 255',
    spec: net({}, '192.300.0.0/16'),
    problems: [{ path: 'network.addressSpace', message: '192.300.0.0/16 has an octet above 255' }],
  },
  {
    title: 'a CIDR block with host bits set',
    spec: net({ containers: '192.168.1.7/24' }),
    problems: [
      {
        path: 'network.subnets.containers',
        message: '192.168.1.7/24 has host bits set; the block starts at 192.168.1.0/24',
      },
    ],
  },
  {
    title: 'a subnet outside the address space',
    spec: net({ containers: '10.9.0.0/24' }),
    problems: [
      {
        path: 'network.subnets.containers',
        message: '10.9.0.0/24 is outside the address space 192.168.0.0/16',
      },
    ],
  },
  {
    title: 'two overlapping subnets',
    spec: net({ privateEndpoints: '192.168.1.128/27' }),
    problems: [
      {
        path: 'network.subnets.privateEndpoints',
        message:
          '192.168.1.128/27 overlaps network.subnets.containers (192.168.1.0/24); subnets of one VNet must not overlap',
      },
    ],
  },
  {
    title: 'a gateway subnet too small for Application Gateway v2',
    spec: net({ gateway: '192.168.0.0/27' }),
    problems: [
      {
        path: 'network.subnets.gateway',
        message:
          '192.168.0.0/27 is too small for Application Gateway v2; use a /26 or larger (a /24 is recommended)',
      },
    ],
  },
  {
    title: 'a private endpoint subnet smaller than Azure allows',
    spec: net({ privateEndpoints: '192.168.2.0/30' }),
    problems: [
      {
        path: 'network.subnets.privateEndpoints',
        message: "192.168.2.0/30 is smaller than Azure's smallest subnet; use a /29 or larger",
      },
    ],
  },
  {
    title: 'a containers subnet without an address for every container group',
    spec: specWith({
      app: { instances: 3 },
      network: { subnets: { containers: '192.168.1.0/29' } },
    }),
    problems: [
      {
        path: 'network.subnets.containers',
        message:
          '192.168.1.0/29 has 3 usable addresses but 4 container groups need one each; use a larger subnet',
      },
    ],
  },
  {
    title: 'a public zone that is not a DNS name',
    spec: specWith({
      dns: { publicZone: 'contoso_example.com' },
      gateway: { hostName: 'app.contoso_example.com' },
    }),
    problems: [
      {
        path: 'dns.publicZone',
        message:
          'contoso_example.com is not a valid DNS name: label "contoso_example" must be 1-63 letters, digits or hyphens, not starting or ending with a hyphen',
      },
      {
        path: 'gateway.hostName',
        message:
          'app.contoso_example.com is not a valid DNS name: label "contoso_example" must be 1-63 letters, digits or hyphens, not starting or ending with a hyphen',
      },
    ],
  },
  {
    title: 'a private zone with a single label',
    spec: specWith({ dns: { privateZone: 'internal' } }),
    problems: [
      {
        path: 'dns.privateZone',
        message: 'internal needs at least 2 labels, such as app.example.com',
      },
    ],
  },
  {
    title: 'a private zone named like the public zone',
    spec: specWith({ dns: { privateZone: 'contoso.example' } }),
    problems: [
      {
        path: 'dns.privateZone',
        message:
          'contoso.example is also the public zone; a private zone of the same name would hide the public records inside the VNet',
      },
    ],
  },
  {
    title: 'a record TTL that is not a number',
    spec: specWith({ dns: { ttl: '300' } }),
    problems: [{ path: 'dns.ttl', message: 'must be a number, not a string' }],
  },
  {
    title: 'a certificate name outside the public zone',
    spec: specWith({ certificates: { names: ['app.contoso.example', 'www.fabrikam.example'] } }),
    problems: [
      {
        path: 'certificates.names[1]',
        message:
          'www.fabrikam.example is not inside the public zone contoso.example, so its DNS-01 challenge cannot be answered there',
      },
    ],
  },
  {
    title: 'a wildcard that is not the leftmost label',
    spec: specWith({ certificates: { names: ['app.contoso.example', 'app.*.contoso.example'] } }),
    problems: [
      {
        path: 'certificates.names[1]',
        message: 'app.*.contoso.example has a wildcard that is not the leftmost label',
      },
    ],
  },
  {
    title: 'certificate names that do not cover the host name',
    spec: specWith({ certificates: { names: ['*.api.contoso.example'] } }),
    problems: [
      {
        path: 'certificates.names',
        message:
          'no name covers the host name app.contoso.example; add app.contoso.example or a wildcard for its parent',
      },
    ],
  },
  {
    title: 'the same certificate name twice',
    spec: specWith({ certificates: { names: ['app.contoso.example', 'APP.contoso.example'] } }),
    problems: [{ path: 'certificates.names[1]', message: 'APP.contoso.example is listed twice' }],
  },
  {
    title: 'an empty certificate name list',
    spec: specWith({ certificates: { names: [] } }),
    problems: [{ path: 'certificates.names', message: 'must list at least one name' }],
  },
  {
    title: 'an ACME directory that is plain http',
    spec: specWith({ certificates: { acmeDirectory: 'http://acme.example/directory' } }),
    problems: [
      {
        path: 'certificates.acmeDirectory',
        message: 'must be letsencrypt, letsencrypt-staging or an https:// ACME directory URL',
      },
    ],
  },
  {
    title: 'an unsupported key type',
    spec: specWith({ certificates: { keyType: 'rsa-1024' } }),
    problems: [
      {
        path: 'certificates.keyType',
        message: 'must be one of ec-p256, ec-p384, rsa-2048, rsa-3072',
      },
    ],
  },
  {
    title: 'a contact email that is not an address',
    spec: specWith({ certificates: { email: 'platform team' } }),
    problems: [
      {
        path: 'certificates.email',
        message: 'must be an email address LetsEncrypt can write to about expiry',
      },
    ],
  },
  {
    title: 'renewal later than a LetsEncrypt certificate lives',
    spec: specWith({ certificates: { renewBeforeDays: 90 } }),
    problems: [
      {
        path: 'certificates.renewBeforeDays',
        message: 'must be at most 60 days (LetsEncrypt certificates last 90)',
      },
    ],
  },
  {
    title: 'more than 20 app instances',
    spec: specWith({ app: { instances: 21 } }),
    problems: [{ path: 'app.instances', message: 'must be at most 20 container groups' }],
  },
  {
    title: 'zero app instances',
    spec: specWith({ app: { instances: 0 } }),
    problems: [{ path: 'app.instances', message: 'must be at least 1 container group' }],
  },
  {
    title: 'a fractional instance count',
    spec: specWith({ app: { instances: 2.5 } }),
    problems: [{ path: 'app.instances', message: 'must be a whole number' }],
  },
  {
    title: 'a container asking for more CPU than ACI gives',
    spec: specWith({ app: { resources: { api: { cpu: 8, memoryInGB: 2 } } } }),
    problems: [{ path: 'app.resources.api.cpu', message: 'must be at most 4 cores' }],
  },
  {
    title: 'a memory size that is not a multiple of 0.1 GB',
    spec: specWith({ app: { resources: { web: { cpu: 1, memoryInGB: 1.25 } } } }),
    problems: [{ path: 'app.resources.web.memoryInGB', message: 'must be a multiple of 0.1 GB' }],
  },
  {
    title: 'an image reference without a tag',
    spec: specWith({ app: { images: { web: 'mcr.microsoft.com/org/web' } } }),
    problems: [
      {
        path: 'app.images.web',
        message:
          'must be an image reference with a registry and a tag, such as mcr.microsoft.com/org/web:1.2',
      },
    ],
  },
  {
    title: 'a minimum gateway capacity above the maximum',
    spec: specWith({ gateway: { minCapacity: 5, maxCapacity: 3 } }),
    problems: [{ path: 'gateway.minCapacity', message: '5 is above gateway.maxCapacity (3)' }],
  },
  {
    title: 'a dashboard port the app listeners already use',
    spec: specWith({ gateway: { dashboardPort: 443 } }),
    problems: [
      {
        path: 'gateway.dashboardPort',
        message: "443 is already used by the app's listeners; choose another port such as 8443",
      },
    ],
  },
  {
    title: 'a dashboard port in the range Application Gateway v2 reserves',
    spec: specWith({ gateway: { dashboardPort: 65300 } }),
    problems: [
      {
        path: 'gateway.dashboardPort',
        message: 'must be at most 65199 (Application Gateway v2 reserves 65200-65535)',
      },
    ],
  },
  {
    title: 'a host name outside the public zone',
    spec: specWith({
      gateway: { hostName: 'app.fabrikam.example' },
      certificates: { names: ['app.fabrikam.example'] },
    }),
    problems: [
      {
        path: 'gateway.hostName',
        message:
          'app.fabrikam.example is not inside the public zone contoso.example, so its CNAME cannot be created there',
      },
      {
        path: 'certificates.names[0]',
        message:
          'app.fabrikam.example is not inside the public zone contoso.example, so its DNS-01 challenge cannot be answered there',
      },
    ],
  },
  {
    title: 'an unknown SSL policy',
    spec: specWith({ gateway: { sslPolicy: 'AppGwSslPolicy20150501' } }),
    problems: [
      {
        path: 'gateway.sslPolicy',
        message: 'must be one of AppGwSslPolicy20220101S, AppGwSslPolicy20220101',
      },
    ],
  },
];

describe('invalid specs', () => {
  for (const c of cases) {
    test(`reports ${c.title}`, () => {
      const result = parseSpec(c.spec);
      assert.equal(result.ok, false, 'the spec should be rejected');
      if (!result.ok) assert.deepEqual(result.problems, c.problems);
    });
  }

  test('reports every problem of a spec at once, across sections', () => {
    const spec = specWith({
      name: 'X',
      network: { subnets: { containers: '10.9.0.0/24' } },
      certificates: { email: 'nope', names: ['www.fabrikam.example'] },
      app: { instances: 30 },
      gateway: { minCapacity: 9, maxCapacity: 2 },
    });
    const result = parseSpec(spec);
    assert.equal(result.ok, false);
    if (result.ok) return;
    const paths = result.problems.map((p) => p.path).sort();
    assert.deepEqual(paths, [
      'app.instances',
      'certificates.email',
      'certificates.names',
      'certificates.names[0]',
      'gateway.minCapacity',
      'name',
      'network.subnets.containers',
    ]);
  });

  test('keeps the full example valid so that every case above is a single change from it', () => {
    assert.equal(parseSpec(exampleInput('full')).ok, true);
    assert.ok(cases.length >= 25, `only ${cases.length} invalid cases`);
  });
});
