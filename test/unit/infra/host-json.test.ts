// host.json as the Flex Consumption plan runs it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { BUILD_RUN_TIMEOUT_SECONDS } from '../../../src/azure/registry.js';
import { repoRoot } from '../../support/cli.js';

interface HostJson {
  functionTimeout?: string;
  extensions?: { durableTask?: { storageProvider?: { maxQueuePollingInterval?: string } } };
  extensionBundle?: { id?: string; version?: string };
}

const hostJson = JSON.parse(readFileSync(join(repoRoot, 'host.json'), 'utf8')) as HostJson;

/** Seconds in a host.json timespan (`hh:mm:ss`); NaN for anything else, `-1` (unbounded) too. */
function seconds(timespan: string | undefined): number {
  const match = /^(\d{2}):([0-5]\d):([0-5]\d)$/.exec(timespan ?? '');
  if (!match) return Number.NaN;
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

describe('host.json on Flex Consumption', () => {
  test('sets functionTimeout explicitly, bounded and within the 60 minutes a scale-in waits for', () => {
    // includes/functions-timeout-duration.md: Flex Consumption default 30 minutes, maximum
    // "Unbounded", but "the grace period given to a function execution is 60 minutes during
    // scale in for the Flex Consumption and Premium plans, and a grace period of 10 minutes is
    // given during platform updates". An unbounded or longer timeout would let Azure cut an
    // execution the host still considers running.
    const timeout = seconds(hostJson.functionTimeout);
    assert.ok(
      Number.isFinite(timeout),
      `functionTimeout ${hostJson.functionTimeout} is not hh:mm:ss`,
    );
    assert.ok(timeout > 0 && timeout <= 60 * 60, `functionTimeout ${hostJson.functionTimeout}`);
    assert.equal(hostJson.functionTimeout, '00:30:00');
  });

  test('has ACR stop an image build well within functionTimeout, so no build runs on unbounded', () => {
    const timeout = seconds(hostJson.functionTimeout);
    assert.ok(
      BUILD_RUN_TIMEOUT_SECONDS <= timeout * 0.75,
      `ACR build timeout ${BUILD_RUN_TIMEOUT_SECONDS} s against functionTimeout ${timeout} s`,
    );
  });

  test('polls the Durable queues at least every 10 seconds', () => {
    // durable-functions-azure-storage-provider.md, "Flex Consumption plan": "Reduce the queue
    // polling interval to 10 seconds or less" (the default is 30 seconds).
    const interval = seconds(
      hostJson.extensions?.durableTask?.storageProvider?.maxQueuePollingInterval,
    );
    assert.ok(interval > 0 && interval <= 10, `maxQueuePollingInterval ${interval} s`);
  });

  test('uses extension bundle 4 or later', () => {
    // flex-consumption-plan.md, "Considerations": "Non-C# function apps must use version
    // [4.0.0, 5.0.0) of the extension bundle, or a later version."
    assert.equal(hostJson.extensionBundle?.id, 'Microsoft.Azure.Functions.ExtensionBundle');
    const lowest = /^\[(\d+)/.exec(hostJson.extensionBundle?.version ?? '')?.[1];
    assert.ok(Number(lowest) >= 4, `extension bundle ${hostJson.extensionBundle?.version}`);
  });
});
