import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../../local/emulator/index.js';
import { deadlineAfter, StillRunning } from '../../../src/activity-deadline.js';
import { createRegistryImages, type RegistryImages } from '../../../src/azure/registry.js';
import { tarball } from '../../../src/provisioning/image-context.js';
import { adminRequest } from '../../support/admin.js';
import { emulatorConnection } from '../../support/emulator-connection.js';

const SUB = '00000000-0000-4000-8000-0000000000aa';
const RG = 'rg-images';
const REGISTRY = 'acrimagestest';

describe('getting workload images into the registry', () => {
  let emu: EmulatorHandle;
  let registry: RegistryImages;

  before(async () => {
    // Resource provider registration is the providers stage's test; here it is done already.
    emu = await startEmulator({
      stateDir: join(tmpdir(), 'avs-registry-test'),
      timeScale: 0.0001,
      freshSubscription: false,
    });
    const group = `/subscriptions/${SUB}/resourceGroups/${RG}`;
    await adminRequest(emu, 'PUT', `${group}?api-version=2025-04-01`, { location: 'westeurope' });
    await adminRequest(
      emu,
      'PUT',
      `${group}/providers/Microsoft.ContainerRegistry/registries/${REGISTRY}?api-version=2025-11-01`,
      {
        location: 'westeurope',
        sku: { name: 'Basic' },
        properties: { adminUserEnabled: false },
      },
    );
    registry = createRegistryImages(
      emulatorConnection(emu),
      { subscriptionId: SUB, resourceGroup: RG, registry: REGISTRY },
      () => new Promise((r) => setTimeout(r, 1)),
    );
  });
  after(() => emu.stop());

  async function imagesInRegistry(): Promise<string[]> {
    const state = await adminRequest(emu, 'GET', '/_emulator/state');
    return Object.values(state.registryImages as Record<string, string[]>).flat();
  }

  function context(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'avs-context-'));
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    return dir;
  }

  test('builds an image with ACR Tasks from an uploaded context', async () => {
    const dir = context({
      Dockerfile: 'FROM node:22-alpine\nCOPY main.js /app/\n',
      'main.js': 'console.log(1)\n',
    });
    const progress: string[] = [];
    const result = await registry.build(await tarball(dir), 'web:1.0.0', (line) =>
      progress.push(line),
    );
    assert.equal(result.status, 'Succeeded');
    assert.ok((await imagesInRegistry()).includes('web:1.0.0'));
  });

  test('fails a build whose context has no Dockerfile, naming the run to read', async () => {
    const dir = context({ 'main.js': 'console.log(1)\n' });
    await assert.rejects(
      registry.build(await tarball(dir), 'api:1.0.0', () => undefined),
      /\[validation\/BuildFailed\] ACR Tasks run \w+ building api:1\.0\.0 in acrimagestest ended Failed; see its log with: az acr task logs/,
    );
  });

  test('imports an image from another registry under its repository and tag', async () => {
    await registry.importImage(
      'mcr.microsoft.com/azuredocs/aci-helloworld:latest',
      'aci-helloworld:latest',
    );
    assert.ok((await imagesInRegistry()).includes('aci-helloworld:latest'));
  });

  test('imports an image pinned by digest as a manifest copy, found by the same digest', async () => {
    // targetTags take only repo[:tag]; the emulator refuses a digest there, as the form says.
    const digest = `sha256:${'ab12'.repeat(16)}`;
    await registry.importImage(
      `mcr.microsoft.com/aci-vnet-sidecars/api@${digest}`,
      `api@${digest}`,
    );
    assert.ok((await imagesInRegistry()).includes(`api@${digest}`));
  });

  test('keeps tags on the registry, for the record of which images are in it', async () => {
    await registry.setTags({ 'aci-vnet-sidecars-images': 'abc' });
    assert.equal((await registry.tags())['aci-vnet-sidecars-images'], 'abc');
  });
  test("stops waiting for a build at the activity's deadline, naming its run; the next run waits for that run", async () => {
    const dir = context({ Dockerfile: 'FROM node:22-alpine\n', 'main.js': 'console.log(2)\n' });
    const spent = createRegistryImages(
      emulatorConnection(emu),
      { subscriptionId: SUB, resourceGroup: RG, registry: REGISTRY },
      () => Promise.resolve(),
      deadlineAfter(0, () => 0),
    );
    const scheduled: string[] = [];
    const stopped = await spent
      .build(
        await tarball(dir),
        'web:2.0.0',
        () => undefined,
        (runId) => {
          scheduled.push(runId);
          return Promise.resolve();
        },
      )
      .then(
        () => assert.fail('the build cannot be waited for past the deadline'),
        (error: unknown) => error,
      );
    assert.ok(stopped instanceof StillRunning, String(stopped));
    assert.equal(scheduled.length, 1, 'the run id is handed over before waiting');
    assert.match(
      stopped.message,
      new RegExp(
        `ACR run ${scheduled[0]} building web:2\\.0\\.0 is still (Queued|Running): waiting`,
      ),
    );
    const runs = async () =>
      ((await adminRequest(emu, 'GET', '/_emulator/requests')).value as { path: string }[]).filter(
        (r) => r.path.endsWith('/scheduleRun'),
      ).length;
    const before = await runs();
    const result = await registry.waitForRun(scheduled[0] ?? '', 'web:2.0.0', () => undefined);
    assert.deepEqual(result, { runId: scheduled[0], status: 'Succeeded' });
    assert.equal(await runs(), before, 'no second build');
    assert.ok((await imagesInRegistry()).includes('web:2.0.0'));
  });
});
