// The GitHub Actions workflows (.github/workflows) and their linter (scripts/lint-workflows.js,
// run by `npm run check`). Nothing here can run on GitHub, so actionlint is the check: these
// tests show that the linter fails on a broken workflow, passes the real ones, and that the real
// ones keep the choices README.md ("Deploy to Azure") describes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

const workflowsDir = join(repoRoot, '.github', 'workflows');
const scratch = mkdtempSync(join(tmpdir(), 'avs-workflows-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function lintWorkflows(...args: string[]) {
  const run = spawnSync(process.execPath, ['scripts/lint-workflows.js', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A fresh folder under the scratch directory holding these files. */
function folder(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  mkdirSync(dir);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

const lines = (...text: string[]) => `${text.join('\n')}\n`;

const FINE = lines(
  'name: fine',
  'on: { pull_request: {} }',
  'permissions: { contents: read }',
  'jobs:',
  '  a:',
  '    runs-on: ubuntu-24.04',
  '    timeout-minutes: 5',
  '    steps:',
  '      - run: echo "${{ vars.GREETING }}"',
);

const BROKEN = lines(
  'name: broken',
  'on:',
  '  push:',
  '    branchs: [main]',
  'jobs:',
  '  a:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - run: echo "${{ secretz.TOKEN }}"',
  '  b:',
  '    needs: c',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - run: echo',
);

describe('scripts/lint-workflows.js (actionlint)', () => {
  test("passes the repository's workflows", () => {
    const run = lintWorkflows();
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^lint-workflows: \d+ workflows in \.github\/workflows, no problems/);
  });

  test('reports every problem of a broken workflow as file:line:col: message [kind], and fails', () => {
    const dir = folder('broken', { 'broken.yml': BROKEN, 'fine.yaml': FINE });
    const run = lintWorkflows(dir);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const [syntax, context, needs, summary, ...rest] = run.stdout.trim().split('\n');
    assert.match(syntax ?? '', /broken\.yml:4:5: unexpected key "branchs" .*\[syntax-check\]$/);
    assert.match(
      context ?? '',
      /broken\.yml:9:\d+: undefined variable "secretz"\..*\[expression\]$/,
    );
    assert.match(needs ?? '', /broken\.yml:10:3: job "b" needs job "c" .*\[job-needs\]$/);
    assert.match(summary ?? '', /^lint-workflows: 3 problems in 2 workflows in /);
    assert.deepEqual(rest, []);
  });

  test('fails when the folder holds no workflow, as when it does not exist', () => {
    const empty = lintWorkflows(folder('empty', { 'README.md': '# not a workflow\n' }));
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /no workflow files \(\*\.yml, \*\.yaml\) in /);
    const missing = lintWorkflows(join(scratch, 'missing'));
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no workflows: .*missing does not exist/);
  });
});

describe('the workflows in .github/workflows', () => {
  const read = (name: string) => readFileSync(join(workflowsDir, name), 'utf8');
  const all = readdirSync(workflowsDir).map((name) => ({ name, text: read(name) }));

  test('hold no secret: Azure is reached with OpenID Connect and repository variables', () => {
    for (const { name, text } of all) assert.doesNotMatch(text, /secrets\./, name);
    const deploy = read('deploy.yml');
    assert.match(deploy, /azd auth login[\s\S]*--federated-credential-provider github/);
    for (const variable of ['CLIENT_ID', 'TENANT_ID', 'SUBSCRIPTION_ID', 'ENV_NAME', 'LOCATION'])
      assert.match(
        deploy,
        new RegExp(`AZURE_${variable}: \\$\\{\\{ vars\\.AZURE_${variable} \\}\\}`),
      );
  });

  test('let only the deploy job ask for an OIDC token, behind the production environment', () => {
    for (const { name, text } of all) {
      const tokens = text.match(/id-token: write/g)?.length ?? 0;
      assert.equal(tokens, name === 'deploy.yml' ? 1 : 0, name);
      assert.match(text, /^permissions:\n {2}contents: read$/m, `${name}: read-only by default`);
    }
    assert.match(read('deploy.yml'), /^ {4}environment: production$/m);
  });

  test('never cancel a deployment, and cancel a superseded pull request run', () => {
    assert.match(
      read('deploy.yml'),
      /^concurrency:\n {2}group: .+\n {2}cancel-in-progress: false$/m,
    );
    assert.match(
      read('pull-request.yml'),
      /^concurrency:\n {2}group: .*github\.event\.pull_request\.number.*\n {2}cancel-in-progress: true$/m,
    );
  });

  test('pin every action by commit and bound every job in time', () => {
    for (const { name, text } of all) {
      for (const [, action] of text.matchAll(/uses: (\S+)/g))
        assert.match(action ?? '', /^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/, `${name}: ${action}`);
      const jobs = text.match(/^ {4}runs-on: /gm)?.length ?? 0;
      assert.ok(jobs > 0, name);
      assert.equal(text.match(/^ {4}timeout-minutes: \d+$/gm)?.length, jobs, name);
    }
  });

  test('run on pull requests what .ci/run runs, and the benches in their small form', () => {
    const pullRequest = read('pull-request.yml');
    assert.match(pullRequest, /^ {8}run: \.ci\/run$/m);
    assert.match(pullRequest, /^ {8}run: npm run bench:smoke$/m);
  });
});
