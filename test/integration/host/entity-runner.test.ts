import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import type { EntityContext } from 'durable-functions';
import {
  EntityRunner,
  parseSchedulerId,
  schedulerId,
} from '../../../local/host/durable/entity-runner.js';
import type { EntityResponse } from '../../../local/host/durable/entity-store.js';
import { EntityStore } from '../../../local/host/durable/entity-store.js';
import { silentLogger } from '../../../local/host/logs.js';
import { Registry } from '../../../local/host/registry.js';
import type { FunctionHandler } from '../../../local/host/types.js';
import { tempDir, waitFor } from './helpers.js';

const { Entity } = createRequire(import.meta.url)('durable-functions/lib/src/entities/Entity') as {
  Entity: new (fn: (context: EntityContext<number>) => void) => { listen(): FunctionHandler };
};

function registryWithCounter(): Registry {
  const registry = new Registry();
  const handler = new Entity((context) => {
    const next = (context.df.getState(() => 0) ?? 0) + (context.df.getInput<number>() ?? 0);
    context.df.setState(next);
    context.df.return(next);
  }).listen();
  registry.add(
    {
      name: 'counter',
      bindings: { context: { name: 'context', type: 'entityTrigger', direction: 'in' } },
    },
    handler,
  );
  return registry;
}

function runner(stateDir: string, responses: EntityResponse[]): EntityRunner {
  return new EntityRunner({
    registry: registryWithCounter(),
    store: new EntityStore(stateDir),
    clock: { now: () => new Date('2026-11-26T10:00:00Z') },
    logger: silentLogger(),
    inputsFor: () => ({}),
    respond: (r) => responses.push(r),
  });
}

const add = (id: string, n: number) => ({
  id,
  op: 'add',
  input: String(n),
  signal: false,
  parentInstanceId: 'orch',
});

describe('entity runner', () => {
  test('scheduler ids are @name@key with the name lower-cased', () => {
    assert.equal(schedulerId('Counter', 'A b'), '@counter@A b');
    assert.deepEqual(parseSchedulerId('@counter@k@2'), { name: 'counter', key: 'k@2' });
  });

  test('a request delivered twice, even across a restart, is applied once and answered again', async () => {
    const dir = tempDir('entity');
    const id = schedulerId('counter', 'a');
    const responses: EntityResponse[] = [];
    const first = runner(dir, responses);
    first.enqueue(id, add('r1', 2));
    first.enqueue(id, add('r2', 3));
    await waitFor(() => (responses.length === 2 ? true : undefined), 'two answers');
    first.enqueue(id, add('r1', 2));
    await first.stop();

    const second = runner(dir, responses);
    second.enqueue(id, add('r2', 3));
    assert.deepEqual(second.read(id), { exists: true, state: '5' });
    assert.deepEqual(
      responses.map((r) => [r.requestId, JSON.parse(r.message) as unknown]),
      [
        ['r1', { result: '2' }],
        ['r2', { result: '5' }],
        ['r1', { result: '2' }],
        ['r2', { result: '5' }],
      ],
    );
    await second.stop();
  });

  test('an unregistered entity is reported as such', () => {
    assert.equal(runner(tempDir('entity'), []).isRegistered('@nope@x'), false);
  });
});
