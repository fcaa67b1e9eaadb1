import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ESLint } from 'eslint';
import { repoRoot } from '../../support/cli.js';

/**
 * The folder rules of docs/architecture.md are enforced by lint; these tests fail if a rule is lost.
 * Only the import rule runs here, on virtual files, so no type information is needed.
 */
const eslint = new ESLint({
  cwd: repoRoot,
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
});

async function importErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? []).map((m) => m.message);
}

describe('import boundaries', () => {
  test('src/plan may not import an Azure SDK or src/azure', async () => {
    const sdk = await importErrors('src/plan/probe.ts', "import '@azure/arm-network';\n");
    assert.match(sdk.join('\n'), /src\/spec and src\/plan are pure/);
    const adapter = await importErrors('src/plan/probe.ts', "import '../azure/network.js';\n");
    assert.match(adapter.join('\n'), /src\/spec and src\/plan are pure/);
  });

  test('src/spec may not import provisioning code', async () => {
    const errors = await importErrors('src/spec/probe.ts', "import '../provisioning/stages.js';\n");
    assert.match(errors.join('\n'), /depend on nothing but each other/);
  });

  test('functions/ may not build ARM clients itself', async () => {
    const errors = await importErrors(
      'functions/probe.ts',
      "import '@azure/arm-containerinstance';\n",
    );
    assert.match(errors.join('\n'), /functions\/ is glue/);
  });

  test('the emulator may not import the app it stands in for', async () => {
    const errors = await importErrors(
      'local/emulator/probe.ts',
      "import '../../src/spec/index.js';\n",
    );
    assert.match(errors.join('\n'), /independent stand-in for Azure/);
  });

  test('src/ may not import functions/', async () => {
    const errors = await importErrors(
      'src/provisioning/probe.ts',
      "import '../../functions/index.js';\n",
    );
    assert.match(errors.join('\n'), /src\/ never imports functions\//);
  });

  test('reconcile and renewal may not reach into provisioning', async () => {
    for (const folder of ['reconcile', 'renewal']) {
      const errors = await importErrors(
        `src/${folder}/probe.ts`,
        "import '../provisioning/stage-table.js';\n",
      );
      assert.match(errors.join('\n'), /depend on src\/environments, not on provisioning/, folder);
    }
  });

  test('one workflow may not import another', async () => {
    const errors = await importErrors(
      'src/provisioning/probe.ts',
      "import '../reconcile/reconcile.js';\n",
    );
    assert.match(errors.join('\n'), /Each workflow stands alone/);
  });

  test('src/environments may not depend on a workflow', async () => {
    const errors = await importErrors(
      'src/environments/probe.ts',
      "import '../provisioning/stage-table.js';\n",
    );
    assert.match(errors.join('\n'), /never depends on one of them/);
  });

  test('src/azure and src/workflows know nothing of the layers above them', async () => {
    const azure = await importErrors('src/azure/probe.ts', "import '../environments/index.js';\n");
    assert.match(azure.join('\n'), /src\/azure holds the adapters/);
    const workflows = await importErrors(
      'src/workflows/probe.ts',
      "import '../azure/gateway.js';\n",
    );
    assert.match(workflows.join('\n'), /src\/workflows is the Durable plumbing/);
  });

  test('src/telemetry depends on no layer it records', async () => {
    for (const target of ['../workflows/activity.js', '../environments/index.js']) {
      const errors = await importErrors('src/telemetry/probe.ts', `import '${target}';\n`);
      assert.ok(errors.length > 0, `src/telemetry may import ${target}`);
    }
  });

  test('src/notifications depends on no workflow and no Azure adapter', async () => {
    for (const target of ['../provisioning/stage-table.js', '../azure/gateway.js']) {
      const errors = await importErrors('src/notifications/probe.ts', `import '${target}';\n`);
      assert.match(
        errors.join('\n'),
        /src\/notifications announces what every workflow did/,
        target,
      );
    }
    assert.deepEqual(
      await importErrors('src/renewal/probe.ts', "import '../notifications/index.js';\n"),
      [],
    );
  });

  test('allowed imports pass: src/plan uses src/spec, reconcile uses environments', async () => {
    assert.deepEqual(
      await importErrors('src/reconcile/probe.ts', "import '../environments/index.js';\n"),
      [],
    );
    assert.deepEqual(await importErrors('src/plan/probe.ts', "import '../spec/index.js';\n"), []);
  });
});
