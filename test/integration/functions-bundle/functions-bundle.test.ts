// The Functions app that ships is the esbuild bundle of functions/index.ts (package.json "main",
// scripts/build-functions.js). Held to the sources here: the same registrations, the same replay
// of an orchestrator, an activity that still reaches its SDK client through a chunk loaded on
// first use, every chunk loadable, and a start-up that parses none of the SDK packages.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startEmulator, type EmulatorHandle } from '../../../local/emulator/index.js';
import { STAGE_ACTIVITIES } from '../../../src/provisioning/deploy.activities.js';
import { RECONCILE_ORCHESTRATOR } from '../../../src/reconcile/reconcile.orchestrator.js';
import { localSettingValues } from '../../support/emulator-connection.js';
import { EXTERNAL, FUNCTIONS_SOURCE } from '../../../scripts/build-functions.js';
import { adminRequest } from '../../support/admin.js';
import { repoRoot } from '../../support/cli.js';
import { functionsBundle, type FunctionsBundle } from '../../support/functions-bundle.js';
import { firstUseImports } from '../../support/first-use-imports.js';
import { exampleInput } from '../../support/specs.js';
import type { AppProcessReport, AppProcessRequest } from './app-process.js';

const child = fileURLToPath(new URL('app-process.ts', import.meta.url));
const sources = join(repoRoot, 'functions', 'index.ts');
const spec = exampleInput('minimal');
const resourceProviders = STAGE_ACTIVITIES['resource-providers'].name;

async function appProcess(
  request: AppProcessRequest,
  env: Record<string, string> = {},
): Promise<AppProcessReport> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', child, JSON.stringify(request)],
    { cwd: repoRoot, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as AppProcessReport;
}

/** The packages whose code the entry's start-up parses: the files its static imports reach. */
function startUpPackages(bundle: FunctionsBundle): Set<string> {
  const outputs = bundle.metafile.outputs;
  // Chunks that `import()` loads have an entryPoint too: the entry is the one made from the source.
  const entry = Object.keys(outputs).find((file) => outputs[file]?.entryPoint === FUNCTIONS_SOURCE);
  assert.ok(entry, `the metafile has no output made from ${FUNCTIONS_SOURCE}`);
  const reached = new Set<string>();
  for (const todo = [entry]; todo.length > 0;) {
    const file = todo.pop() ?? '';
    if (reached.has(file)) continue;
    reached.add(file);
    for (const imported of outputs[file]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) todo.push(imported.path);
    }
  }
  return new Set([...reached].flatMap((file) => packagesOf(Object.keys(outputs[file]!.inputs))));
}

function packagesOf(inputs: string[]): string[] {
  return inputs.flatMap((input) => {
    const name = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];
    return name ? [name] : [];
  });
}

/** What the chunks of a package export (those an `import()` of it loads). */
function chunkExports(bundle: FunctionsBundle, packageName: string): Set<string> | undefined {
  const chunks = Object.values(bundle.metafile.outputs).filter((output) =>
    output.entryPoint?.startsWith(`node_modules/${packageName}/`),
  );
  return chunks.length ? new Set(chunks.flatMap((chunk) => chunk.exports ?? [])) : undefined;
}

/** What registering the functions needs; every other dependency loads when an activity calls it. */
// The OpenTelemetry API packages are small and must be there when the first log line or span is:
// the SDK that records them loads on first use (src/telemetry/export.ts).
const START_UP_DEPENDENCIES = new Set([
  '@azure/functions',
  'durable-functions',
  'zod',
  '@opentelemetry/api',
  '@opentelemetry/api-logs',
]);

describe('the bundle that ships (package.json "main")', () => {
  let emu: EmulatorHandle;
  let bundle: FunctionsBundle;
  let fromSources: AppProcessReport;
  let fromBundle: AppProcessReport;
  const reconcileInput = {
    environment: 'contoso-dev',
    spec,
    coalesceSeconds: 0,
    reason: 'bundle check',
  };

  before(async () => {
    emu = await startEmulator({
      stateDir: mkdtempSync(join(tmpdir(), 'avs-bundle-')),
      timeScale: 0.0001,
    });
    bundle = await functionsBundle();
    const orchestration = { name: RECONCILE_ORCHESTRATOR, input: reconcileInput };
    [fromSources, fromBundle] = await Promise.all([
      appProcess({ entry: sources, orchestration }),
      appProcess(
        {
          entry: bundle.entry,
          orchestration,
          activity: { name: resourceProviders, input: { spec } },
          loadChunks: true,
        },
        localSettingValues(emu),
      ),
    ]);
  });
  after(() => emu?.stop());

  test('is what package.json "main" names in the build', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      main: string;
      scripts: Record<string, string>;
    };
    assert.equal(pkg.main, 'dist/functions-bundle/index.js');
    assert.match(pkg.scripts.build ?? '', /node scripts\/build-functions\.js/);
  });

  test('registers exactly the functions the sources register: names, triggers, routes, bindings', () => {
    const byName = (report: AppProcessReport) =>
      [...report.functions].sort((a, b) => a.name.localeCompare(b.name));
    assert.ok(fromSources.functions.length > 0, 'the sources registered nothing');
    assert.deepEqual(byName(fromBundle), byName(fromSources));
    const http = fromBundle.functions.filter((f) => f.kind === 'http').map((f) => f.trigger);
    assert.ok(
      http.some((t) => t.route === 'environments' && JSON.stringify(t.methods) === '["POST"]'),
    );
  });

  test("replays an orchestrator like the sources, the host recording its bundled durable-functions' task ids", () => {
    assert.equal(fromBundle.orchestration?.kind, 'state');
    assert.ok((fromBundle.orchestration?.taskIds.length ?? 0) > 0, 'no task id recorded');
    assert.deepEqual(fromBundle.orchestration, fromSources.orchestration);
  });

  test('runs an activity that calls Azure: its SDK client loads from a chunk on first use', async () => {
    assert.ok(fromBundle.activity?.ok, fromBundle.activity?.error);
    const outcome = fromBundle.activity.value as { kind: string; failure?: unknown };
    assert.notEqual(outcome.kind, 'failed', JSON.stringify(outcome.failure));
    const requests = (await adminRequest(emu, 'GET', '/_emulator/requests')).value as {
      method: string;
      path: string;
    }[];
    const sub = String(spec.subscriptionId);
    assert.ok(
      requests.some(
        (r) => r.method === 'GET' && r.path.startsWith(`/subscriptions/${sub}/providers/`),
      ),
      'the activity sent no ARM request',
    );
  });

  test('gives every adapter the names it reads from import(): a CommonJS chunk has only default', () => {
    // Node's own import() of a CommonJS package also exports its names; esbuild's chunk does not,
    // so reading one of them works from the sources and breaks in the bundle.
    const imports = firstUseImports();
    assert.ok(imports.length > 0, 'no import() found in src/');
    // An external package is not in the bundle: Node imports it from node_modules, names and all.
    const bundled = imports.filter(({ packageName }) => !EXTERNAL.includes(packageName));
    const problems = bundled.flatMap(({ where, packageName, names }) => {
      if (names.length === 0) return [`${where}: import('${packageName}') read in an unknown form`];
      const exported = chunkExports(bundle, packageName);
      if (!exported) return [`${where}: no chunk of the bundle holds ${packageName}`];
      return names
        .filter((name) => !exported.has(name))
        .map((name) => `${where}: the chunk of ${packageName} exports no ${name}`);
    });
    assert.deepEqual(problems, []);
  });

  test('loads every one of its chunks', () => {
    assert.deepEqual(fromBundle.chunks?.failed, []);
    assert.ok((fromBundle.chunks?.loaded ?? 0) > 0);
  });

  test('parses no SDK package at start-up: each is in a chunk an activity loads when it calls it', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const atStartUp = startUpPackages(bundle);
    const deferred = [...atStartUp].filter(
      (name) =>
        (name in pkg.dependencies && !START_UP_DEPENDENCIES.has(name)) ||
        (name.startsWith('@azure/') && !name.startsWith('@azure/functions')),
    );
    assert.deepEqual(deferred, [], 'packages the entry parses at start-up');
    const bundled = new Set(packagesOf(Object.keys(bundle.metafile.inputs)));
    for (const name of [
      '@azure/arm-network',
      '@azure/arm-resources',
      '@azure/identity',
      '@azure/keyvault-certificates',
      'acme-client',
      'dns2',
      'tar',
    ]) {
      assert.ok(bundled.has(name) && !atStartUp.has(name), `${name} is not in a lazy chunk`);
    }
  });
});
