// `aci-vnet-sidecars destroy`: the confirmation it asks for, and how it follows the teardown
// through the app's HTTP API (a stand-in app on 127.0.0.1).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Confirmation } from '../../../src/cli/confirmation.js';
import { runCli } from '../../../src/cli/main.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function destroy(argv: string[], confirmation?: Confirmation): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    ['destroy', ...argv],
    { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
    confirmation,
  );
  return { code, stdout, stderr };
}

const steps = (state: string) =>
  ['workflows', 'inventory', 'gateway', 'resource-group'].map((step) => ({ step, state }));

describe('aci-vnet-sidecars destroy', () => {
  let server: Server;
  let url = '';
  const requests: string[] = [];
  let polls = 0;

  before(async () => {
    server = createServer((req, res) => {
      requests.push(
        `${req.method ?? ''} ${req.url ?? ''} key=${String(req.headers['x-functions-key'])}`,
      );
      res.setHeader('content-type', 'application/json');
      if (req.method === 'DELETE' && req.url === '/api/environments/gone') {
        res.statusCode = 404;
        res.end(
          JSON.stringify({
            error: {
              code: 'EnvironmentNotFound',
              message:
                'environment gone was never deployed by this app: there is nothing to tear down',
            },
          }),
        );
        return;
      }
      if (req.method === 'DELETE') {
        res.statusCode = 202;
        res.end('{}');
        return;
      }
      polls += 1;
      const done = polls > 1;
      res.end(
        JSON.stringify({
          environment: 'contoso-dev',
          runtimeStatus: done ? 'Completed' : 'Running',
          steps: steps(done ? 'succeeded' : 'running'),
          ...(done
            ? {
                summary: {
                  deleted: ['containerGroups/ci-contoso-dev-app-1'],
                  alreadyGone: [],
                  softDeleted: [{ resource: 'vaults/kv-x', note: 'soft-deleted, not purged' }],
                  kept: [
                    { resource: 'resource group rg-contoso-dev', why: 'the app did not create it' },
                  ],
                },
              }
            : {}),
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  test('refuses without --yes when nobody can confirm at a terminal, sending nothing', async () => {
    const before = requests.length;
    const run = await destroy(['contoso-dev', '--url', url, '--key', 'k'], {
      interactive: () => false,
      ask: () => Promise.reject(new Error('not asked')),
    });
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      'aci-vnet-sidecars: refusing to tear down contoso-dev without confirmation: standard input is not a terminal, so nobody can confirm; pass --yes to tear it down\n',
    );
    assert.equal(requests.length, before);
  });

  test("asks at a terminal and deletes nothing unless the environment's name is typed", async () => {
    const before = requests.length;
    let question = '';
    const run = await destroy(['contoso-dev', '--url', url, '--key', 'k'], {
      interactive: () => true,
      ask: (q) => {
        question = q;
        return Promise.resolve('y');
      },
    });
    assert.match(question, /Type the environment's name to confirm: $/);
    assert.equal(run.code, 1);
    assert.equal(run.stderr, 'aci-vnet-sidecars: not confirmed (typed "y"): nothing was deleted\n');
    assert.equal(requests.length, before);
  });

  test('follows the teardown once confirmed, printing each step, the summary and the outcome', async () => {
    polls = 0;
    const run = await destroy(
      ['contoso-dev', '--url', url, '--key', 'k', '--poll-seconds', '0.01'],
      {
        interactive: () => true,
        ask: () => Promise.resolve('contoso-dev\n'),
      },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.ok(requests.includes('DELETE /api/environments/contoso-dev key=k'));
    assert.match(
      run.stdout,
      /^teardown of contoso-dev accepted; status: http:\/\/127\.0\.0\.1:\d+\/api\/environments\/contoso-dev\/teardown\n/,
    );
    assert.match(run.stdout, /\n {2}gateway {11}running\n/);
    assert.match(run.stdout, /\n {2}gateway {11}succeeded\n/);
    assert.match(run.stdout, /deleted \(1\):\n {4}containerGroups\/ci-contoso-dev-app-1\n/);
    assert.match(
      run.stdout,
      /kept \(1\):\n {4}resource group rg-contoso-dev: the app did not create it\n/,
    );
    assert.match(run.stdout, /tore down contoso-dev: 1 deleted, 1 soft-deleted, 1 kept\n$/);
  });

  test('with --yes asks nothing; a refusal by the app is one line and a non-zero exit', async () => {
    const run = await destroy(['gone', '--url', url, '--key', 'k', '--yes'], {
      interactive: () => true,
      ask: () => Promise.reject(new Error('asked')),
    });
    assert.equal(run.code, 1);
    assert.equal(
      run.stderr,
      'aci-vnet-sidecars: the app refused to tear down gone (HTTP 404): environment gone was never deployed by this app: there is nothing to tear down\n',
    );
  });
});
