import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { API_VERSIONS } from '../../../src/plan/index.js';

const PACKAGE_OF: Record<string, string> = {
  'Microsoft.ManagedIdentity': 'arm-msi',
  'Microsoft.Authorization': 'arm-authorization',
  'Microsoft.Network/privateDnsZones': 'arm-privatedns',
  'Microsoft.Network/dnsZones': 'arm-dns',
  'Microsoft.Network': 'arm-network',
  'Microsoft.KeyVault': 'arm-keyvault',
  'Microsoft.ContainerRegistry': 'arm-containerregistry',
  'Microsoft.Sql': 'arm-sql',
  'Microsoft.ContainerInstance': 'arm-containerinstance',
  'Microsoft.EventGrid': 'arm-eventgrid',
};

function packageFor(type: string): string {
  const prefix = Object.keys(PACKAGE_OF)
    .filter((p) => type === p || type.startsWith(`${p}/`))
    .sort((a, b) => b.length - a.length)[0];
  assert.ok(prefix, `no SDK package known for ${type}`);
  return PACKAGE_OF[prefix]!;
}

/** The text of the package's CommonJS build, where every operation's default api-version is written. */
function sdkSource(pkg: string): string {
  const root = new URL(`../../../node_modules/@azure/${pkg}/dist/`, import.meta.url).pathname;
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) {
        if (!['browser', 'esm', 'react-native'].includes(name)) walk(full);
      } else if (name.endsWith('.js') && !name.endsWith('.min.js')) files.push(full);
    }
  };
  walk(root);
  return files.map((f) => readFileSync(f, 'utf8')).join('\n');
}

describe('api-version table', () => {
  const sources = new Map<string, string>();
  const source = (pkg: string) => {
    if (!sources.has(pkg)) sources.set(pkg, sdkSource(pkg));
    return sources.get(pkg)!;
  };

  for (const [type, version] of Object.entries(API_VERSIONS)) {
    test(`sends ${type} with an api-version the installed SDK uses (${version})`, () => {
      assert.ok(
        source(packageFor(type)).includes(`"${version}"`),
        `${packageFor(type)} does not use ${version}`,
      );
    });
  }
});
