import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSpec } from '../../../src/spec/index.js';
import { specWith } from '../../support/specs.js';

/**
 * Field rules: each case changes one field of the minimal example and names the one problem a user
 * sees, at its exact path and with its exact message.
 */
interface Case {
  title: string;
  patch: Record<string, unknown>;
  path: string;
  message: string;
}

const NAME =
  'must be 3 to 20 characters: lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen';
const GUID = 'must be a subscription GUID such as 00000000-0000-0000-0000-000000000000';
const GROUP =
  'must be 1 to 90 letters, digits, underscores, hyphens, periods or parentheses, not ending with a period';

const cases: Case[] = [
  // Names and identifiers: the patterns hold for the whole value, not just a part of it.
  {
    title: 'an environment name longer than 20 characters',
    patch: { name: 'a12345678901234567890' },
    path: 'name',
    message: NAME,
  },
  {
    title: 'an environment name ending with a hyphen',
    patch: { name: 'contoso-' },
    path: 'name',
    message: NAME,
  },
  {
    title: 'a subscription id with text before the GUID',
    patch: { subscriptionId: 'x00000000-0000-0000-0000-000000000000' },
    path: 'subscriptionId',
    message: GUID,
  },
  {
    title: 'a subscription id with text after the GUID',
    patch: { subscriptionId: '00000000-0000-0000-0000-000000000000x' },
    path: 'subscriptionId',
    message: GUID,
  },
  {
    title: 'a resource group name with a space',
    patch: { resourceGroup: 'rg contoso' },
    path: 'resourceGroup',
    message: GROUP,
  },
  {
    title: 'a resource group name of 91 characters',
    patch: { resourceGroup: 'r'.repeat(91) },
    path: 'resourceGroup',
    message: GROUP,
  },
  {
    title: 'a location with trailing punctuation',
    patch: { location: 'westeurope!' },
    path: 'location',
    message: 'must be an Azure region name such as westeurope or eastus2',
  },
  {
    title: 'a database name with a space',
    patch: { database: { name: 'app db' } },
    path: 'database.name',
    message: 'must be 1 to 128 letters, digits, underscores or hyphens',
  },
  {
    title: 'a database SKU with a space',
    patch: { database: { sku: 'S 0' } },
    path: 'database.sku',
    message: 'must be an Azure SQL SKU name such as S0 or GP_S_Gen5_1',
  },
  // Empty strings.
  {
    title: 'an empty address space',
    patch: { network: { addressSpace: '' } },
    path: 'network.addressSpace',
    message: 'must be a CIDR block such as 192.168.1.0/24',
  },
  {
    title: 'an empty public zone',
    patch: { dns: { publicZone: '' } },
    path: 'dns.publicZone',
    message: 'must be a DNS name',
  },
  {
    title: 'an ACME directory that is not a URL',
    patch: { certificates: { acmeDirectory: 'acme.example/directory' } },
    path: 'certificates.acmeDirectory',
    message: 'must be letsencrypt, letsencrypt-staging or an https:// ACME directory URL',
  },
  // Values of the wrong type name what was expected and what was found.
  {
    title: 'a number where a string belongs',
    patch: { name: 5 },
    path: 'name',
    message: 'must be a string, not a number',
  },
  {
    title: 'null where a string belongs',
    patch: { name: null },
    path: 'name',
    message: 'must be a string, not null',
  },
  {
    title: 'a list where a string belongs',
    patch: { name: [] },
    path: 'name',
    message: 'must be a string, not a list',
  },
  {
    title: 'an object where a string belongs',
    patch: { name: {} },
    path: 'name',
    message: 'must be a string, not an object',
  },
  {
    title: 'a boolean where a string belongs',
    patch: { name: true },
    path: 'name',
    message: 'must be a string, not a boolean',
  },
  {
    title: 'a string where a list belongs',
    patch: { certificates: { names: 'app.contoso.example' } },
    path: 'certificates.names',
    message: 'must be a list, not a string',
  },
  {
    title: 'a string where a boolean belongs',
    patch: { dashboard: { enabled: 'yes' } },
    path: 'dashboard.enabled',
    message: 'must be a boolean, not a string',
  },
  {
    title: 'a string where a section belongs',
    patch: { network: 'wide' },
    path: 'network',
    message: 'must be an object, not a string',
  },
];

describe('field rules', () => {
  for (const c of cases) {
    test(`reports ${c.title}`, () => {
      const result = parseSpec(specWith(c.patch));
      assert.equal(result.ok, false, 'the spec should be rejected');
      if (!result.ok) assert.deepEqual(result.problems, [{ path: c.path, message: c.message }]);
    });
  }
});
