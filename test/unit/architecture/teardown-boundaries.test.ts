// The teardown workflow's folder rules (eslint.config.js): it stands alone like every workflow.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ESLint } from 'eslint';
import { repoRoot } from '../../support/cli.js';

const eslint = new ESLint({
  cwd: repoRoot,
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
});

async function importErrors(filePath: string, source: string): Promise<string> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? []).map((m) => m.message).join('\n');
}

describe('teardown import boundaries', () => {
  test('src/teardown depends on src/environments, not on provisioning internals', async () => {
    assert.match(
      await importErrors('src/teardown/probe.ts', "import '../provisioning/stage-table.js';\n"),
      /Teardown depends on src\/environments, not on provisioning internals/,
    );
    assert.match(
      await importErrors('src/teardown/probe.ts', "import '../reconcile/reconcile.js';\n"),
      /Each workflow stands alone/,
    );
  });

  test('no other workflow, nor src/environments, imports the teardown', async () => {
    for (const folder of ['provisioning', 'reconcile', 'renewal'])
      assert.match(
        await importErrors(`src/${folder}/probe.ts`, "import '../teardown/teardown-api.js';\n"),
        /Each workflow stands alone/,
        folder,
      );
    assert.match(
      await importErrors('src/environments/probe.ts', "import '../teardown/teardown-api.js';\n"),
      /never depends on one of them/,
    );
  });
});
