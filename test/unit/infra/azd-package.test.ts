// What `azd deploy` uploads to the Flex Consumption app (azure.yaml and .funcignore). azd zips the
// service folder less the names in .funcignore (and `.azure/`, `local.settings.json`); with no
// .funcignore it would zip everything, .git and .state included (Azure/azure-dev,
// cli/azd/pkg/project/project_utils.go, createDeployableZip).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { repoRoot } from '../../support/cli.js';

const azureYaml = readFileSync(join(repoRoot, 'azure.yaml'), 'utf8');
const funcignorePath = join(repoRoot, '.funcignore');

/** The patterns of .funcignore, comments and blank lines left out. */
function patterns(): string[] {
  assert.ok(existsSync(funcignorePath), 'no .funcignore: azd would zip the whole repository');
  return readFileSync(funcignorePath, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}

/** Whether an anchored name pattern (`/name` or `/name/`) leaves out this top-level entry. */
function leavesOut(entry: string): boolean {
  return patterns().some((p) => p === `/${entry}` || p === `/${entry}/`);
}

/** The `services.app` block of azure.yaml as `key: value` pairs. */
function appService(): Record<string, string> {
  const block = /\nservices:\n {2}app:\n((?: {4}.*\n)+)/.exec(azureYaml)?.[1] ?? '';
  return Object.fromEntries(
    block
      .split('\n')
      .filter(Boolean)
      .map((line) => line.trim().split(/:\s*/, 2) as [string, string]),
  );
}

describe('the package azd deploys (azure.yaml, .funcignore)', () => {
  test('deploys this folder as a TypeScript function app built here', () => {
    assert.deepEqual(appService(), {
      project: '.',
      language: 'ts',
      host: 'function',
      remoteBuild: 'false',
    });
    assert.match(azureYaml, /\ninfra:\n {2}provider: bicep\n {2}path: infra\n {2}module: main\n/);
  });

  test('keeps what the app runs from: package.json, host.json, dist/ and node_modules/', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      main: string;
    };
    assert.match(pkg.main, /^dist\//);
    for (const kept of ['package.json', 'package-lock.json', 'host.json', 'dist', 'node_modules']) {
      assert.equal(leavesOut(kept), false, `.funcignore leaves out ${kept}`);
    }
    // azd: "'remoteBuild: false' cannot be used when '.funcignore' excludes node_modules"
    // (cli/azd/pkg/project/service_target_functionapp.go, resolveFunctionAppRemoteBuild).
    assert.ok(!patterns().some((p) => p.includes('node_modules')), 'a pattern names node_modules');
  });

  test('leaves out sources, tests, tooling and local state', () => {
    for (const entry of [
      '.git',
      '.state',
      '.ci',
      'src',
      'functions',
      'local',
      'images',
      'test',
      'scripts',
      'infra',
      'docs',
      'bench',
      'examples',
      'reports',
      '.stryker-tmp',
      'local.settings.sample.json',
    ]) {
      assert.ok(leavesOut(entry), `.funcignore keeps ${entry}`);
    }
  });

  test('names entries without wildcards, which would reach into dist/ and node_modules/', () => {
    // azd reads .funcignore with denormal/go-gitignore, whose anchored name patterns match with
    // fnmatch without FNM_PATHNAME (pattern.go): `/*.md` would also drop dist/**/README.md.
    for (const pattern of patterns()) {
      assert.match(pattern, /^\/[^*?[\]!/]+\/?$/, pattern);
    }
  });
});
