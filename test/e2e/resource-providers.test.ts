// A deployment into a fresh subscription: the first stage registers every namespace the plan
// writes to and waits until each is Registered; nothing is refused; a second deployment registers
// nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { adminRequest } from '../support/admin.js';
import { until } from '../support/eventually.js';
import { startLocalStack, type LocalStack } from '../support/local-stack.js';
import { skipWithout } from '../support/requires.js';
import { exampleInput, withImportedImages } from '../support/specs.js';

const skip = skipWithout('pebble');
const SUB = '00000000-0000-0000-0000-000000000000';
const spec = withImportedImages(exampleInput('minimal'));

interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  changedState: boolean;
}

describe('deploying into a fresh subscription', { skip }, () => {
  let stack: LocalStack;

  before(async () => {
    // The user's public zone: its subscription is registered for Microsoft.Network, no more.
    stack = await startLocalStack({
      publicZones: [
        { subscriptionId: SUB, resourceGroup: 'rg-contoso-dev', zone: 'contoso.example' },
      ],
    });
  });
  after(async () => {
    await stack?.stop();
  });

  const requests = async () =>
    (await adminRequest(stack.emu, 'GET', '/_emulator/requests')).value as LoggedRequest[];
  const registrations = (log: LoggedRequest[]) =>
    log
      .filter((r) => r.method === 'POST' && r.path.endsWith('/register'))
      .map((r) => r.path.replace(`/subscriptions/${SUB}/providers/`, ''));

  async function deploy(): Promise<{ runtimeStatus: string; stages: Record<string, unknown>[] }> {
    const started = await stack.api('POST', '/api/environments', spec);
    assert.equal(started.status, 202, JSON.stringify(started.body));
    let status: { runtimeStatus: string; stages: Record<string, unknown>[] } | undefined;
    await until(
      async () => {
        status = (await stack.api('GET', '/api/environments/contoso-dev')).body as typeof status;
        return !['Running', 'Pending'].includes(status?.runtimeStatus ?? 'Pending');
      },
      { what: 'the deployment to finish' },
    );
    return status!;
  }

  test('registers every namespace the plan writes to, before writing to it, and succeeds', async () => {
    const namespace = await adminRequest(
      stack.emu,
      'GET',
      `/subscriptions/${SUB}/providers/Microsoft.ContainerInstance?api-version=2025-04-01`,
    );
    assert.equal(namespace.registrationState, 'NotRegistered', 'the subscription starts fresh');

    const before = (await requests()).length;
    const result = await deploy();
    assert.equal(result.runtimeStatus, 'Completed', JSON.stringify(result, null, 2));
    const stage = result.stages.find((s) => s.stage === 'resource-providers');
    assert.equal(stage?.state, 'succeeded', JSON.stringify(stage));

    const log = (await requests()).slice(before);
    assert.deepEqual(registrations(log).sort(), [
      'Microsoft.ContainerInstance/register',
      'Microsoft.ContainerRegistry/register',
      'Microsoft.EventGrid/register',
      'Microsoft.KeyVault/register',
      'Microsoft.ManagedIdentity/register',
      'Microsoft.Sql/register',
    ]);
    const refused = log.filter((r) => r.status === 409);
    assert.deepEqual(refused, [], 'no write reached a namespace before it was registered');
  });

  test('a second deployment sends no register request for namespaces already Registered', async () => {
    const before = (await requests()).length;
    const result = await deploy();
    assert.equal(result.runtimeStatus, 'Completed', JSON.stringify(result, null, 2));
    assert.deepEqual(registrations((await requests()).slice(before)), []);
    const stage = result.stages.find((s) => s.stage === 'resource-providers');
    assert.match(String(stage?.summary), /^8 resource providers registered$/);
  });
});
