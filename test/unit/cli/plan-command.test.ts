import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Plan } from '../../../src/plan/index.js';
import { cli, cliProcess } from '../../support/cli.js';
import { specWith } from '../../support/specs.js';

function tempFile(name: string, content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'avs-cli-')), name);
  writeFileSync(file, content);
  return file;
}

describe('aci-vnet-sidecars plan', () => {
  test('prints a table with the type, name and dependencies of every resource', async () => {
    const run = await cli('plan', '--spec', 'examples/full.json');
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /^Plan for environment contoso-prod in rg-contoso-prod \(\d+ resources\)/,
    );
    const header = run.stdout.split('\n').find((l) => l.startsWith('#'));
    assert.match(header ?? '', /^#\s+TYPE\s+NAME\s+DEPENDS ON$/);
    assert.match(run.stdout, /Microsoft\.Network\/applicationGateways\s+agw-contoso-prod\s+\S/);
    assert.match(
      run.stdout,
      /Microsoft\.ManagedIdentity\/userAssignedIdentities\s+id-contoso-prod-app\s+-\n/,
    );
    for (const group of [
      'ci-contoso-prod-app-1',
      'ci-contoso-prod-app-2',
      'ci-contoso-prod-app-3',
    ]) {
      assert.match(run.stdout, new RegExp(`containerGroups\\s+${group}\\s`));
    }
  });

  test('lists each identity under the table: what carries it, and each role with its scope', async () => {
    const run = await cli('plan', '--spec', 'examples/full.json');
    assert.equal(run.code, 0, run.stderr);
    const section = run.stdout.slice(run.stdout.indexOf('\nIdentities and roles'));
    const vault = 'kv-contoso-prod-xo34pogk';
    const secret = `${vault}/secrets/app-contoso-example`;
    assert.equal(
      section.split('\n\n')[0]?.replace(/\n$/, ''),
      [
        '',
        'Identities and roles (4 managed identities and this app):',
        '  id-contoso-prod-app: held by container groups ci-contoso-prod-app-1, ci-contoso-prod-app-2, ci-contoso-prod-app-3 (containers sidecar, web, api share it)',
        '    AcrPull on acrcontosoprodxo34pogk',
        `    Key Vault Secrets User on ${secret}`,
        '  id-contoso-prod-dashboard: held by container group ci-contoso-prod-dashboard (containers sidecar, dashboard share it)',
        '    AcrPull on acrcontosoprodxo34pogk',
        `    Key Vault Secrets User on ${secret}`,
        '    Reader on ci-contoso-prod-app-1',
        '    Reader on ci-contoso-prod-app-2',
        '    Reader on ci-contoso-prod-app-3',
        '  id-contoso-prod-sql-admin: Entra administrator of SQL server sql-contoso-prod-xo34pogk; held only by the run-once container group ci-contoso-prod-migrate while it runs, deleted once it exits',
        '    AcrPull on acrcontosoprodxo34pogk',
        '  id-contoso-prod-gateway: held by application gateway agw-contoso-prod',
        `    Key Vault Secrets User on ${secret}`,
        "  this app (deployerPrincipalId): the Functions app's own identity",
        `    Key Vault Certificates Officer on ${vault}`,
        `    Key Vault Secrets Officer on ${vault}`,
      ].join('\n'),
    );
    // The table names a role assignment by role, identity and short scope too.
    assert.match(
      run.stdout,
      /roleAssignments\s+Key Vault Secrets User: id-contoso-prod-gateway on kv-contoso-prod-xo34pogk\/secrets\/app-contoso-example\s/,
    );
    const json = await cli('plan', '--spec', 'examples/full.json', '--format', 'json');
    assert.doesNotMatch(json.stdout, /Identities and roles/);
  });

  test('prints the full plan as JSON with ARM bodies that parse back', async () => {
    const run = await cli('plan', '--spec', 'examples/full.json', '--format', 'json');
    assert.equal(run.code, 0, run.stderr);
    const plan = JSON.parse(run.stdout) as Plan;
    assert.equal(plan.environment, 'contoso-prod');
    const gateway = plan.resources.find((r) => r.type === 'Microsoft.Network/applicationGateways');
    assert.ok(gateway?.body.properties, 'the gateway body is in the JSON');
    assert.ok(plan.resources.every((r) => r.id.startsWith('/subscriptions/') && r.apiVersion));
  });

  test('warns under the table when the spec turns the NAT gateway off, and exits 0', async () => {
    const noNat = tempFile(
      'spec.json',
      JSON.stringify(specWith({ network: { natGateway: { enabled: false } } })),
    );
    const run = await cli('plan', '--spec', noNat);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /\nWarnings \(1, the deployment proceeds\):\n {2}NatGatewayDisabled \(network\.natGateway\.enabled\): network\.natGateway\.enabled is false/,
    );
    assert.match(run.stdout, /"the only supported configuration for outbound connectivity/);
    const json = await cli('plan', '--spec', noNat, '--format', 'json');
    const plan = JSON.parse(json.stdout) as Plan;
    assert.deepEqual(
      plan.warnings.map((w) => w.code),
      ['NatGatewayDisabled'],
    );
  });

  test('prints no warnings for a spec that keeps the default NAT gateway', async () => {
    const run = await cli('plan', '--spec', 'examples/minimal.json');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /natGateways\s+ng-contoso-dev\s/);
    assert.doesNotMatch(run.stdout, /Warnings/);
  });

  test('prints the same bytes for the same spec', async () => {
    const a = await cli('plan', '--spec', 'examples/full.json', '--format', 'json');
    const b = await cli('plan', '--spec', 'examples/full.json', '--format', 'json');
    assert.equal(a.stdout, b.stdout);
  });

  test('exits 2 with every problem of an invalid spec, one per line', async () => {
    const file = tempFile(
      'spec.json',
      JSON.stringify(
        specWith({ network: { subnets: { containers: '10.9.0.0/24' } }, app: { instances: 40 } }),
      ),
    );
    const run = await cli('plan', '--spec', file);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.equal(
      run.stderr,
      `aci-vnet-sidecars: ${file} is not a valid environment spec (2 problems):\n` +
        'app.instances: must be at most 20 container groups\n' +
        'network.subnets.containers: 10.9.0.0/24 is outside the address space 192.168.0.0/16\n',
    );
  });

  test('exits 2 with a one-line reason when the spec file does not exist', async () => {
    const run = await cli('plan', '--spec', 'examples/nope.json');
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      'aci-vnet-sidecars: cannot read spec examples/nope.json: no such file\n',
    );
  });

  test('exits 2 naming the line and column of malformed JSON', async () => {
    const file = tempFile('broken.json', '{\n  "name": "x",\n  "location": westeurope\n}\n');
    const run = await cli('plan', '--spec', file);
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      new RegExp(
        `^aci-vnet-sidecars: ${file} is not valid JSON: unexpected character at line 3, column 15\\n$`,
      ),
    );
  });

  test('exits 2 on an empty spec file', async () => {
    const run = await cli('plan', '--spec', tempFile('empty.json', ''));
    assert.equal(run.code, 2);
    assert.match(run.stderr, /is not valid JSON: the file is empty\n$/);
  });

  test('exits 2 when --spec is missing or the format is unknown', async () => {
    const missing = await cli('plan');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /required option '--spec <file>' not specified/);
    const format = await cli('plan', '--spec', 'examples/full.json', '--format', 'yaml');
    assert.equal(format.code, 2);
    assert.match(format.stderr, /'yaml' is invalid\. Allowed choices are table, json/);
  });

  test('runs as a process: exit codes reach the shell and no stack trace is printed', () => {
    const ok = cliProcess('plan', '--spec', 'examples/minimal.json');
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /Plan for environment contoso-dev/);
    const bad = cliProcess('plan', '--spec', 'package.json');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^aci-vnet-sidecars: package\.json is not a valid environment spec/);
    assert.doesNotMatch(bad.stderr, /\n\s+at /);
  });
});
