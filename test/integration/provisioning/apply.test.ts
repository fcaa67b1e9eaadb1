import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type EmulatorHandle } from '../../../local/emulator/index.js';
import { connect } from '../../../src/azure/connection.js';
import { createResourceStore } from '../../../src/azure/resources.js';
import {
  applyContext,
  applyResource,
  resolvedBody,
  type ApplyContext,
} from '../../../src/environments/apply.js';
import type { EnvironmentContext } from '../../../src/environments/context.js';
import { writeGateway } from '../../../src/environments/gateway-writer.js';
import { resourcesOfStage, stageGraph, stageWaves } from '../../../src/provisioning/stage-graph.js';
import { readSettings } from '../../../src/settings.js';
import type { Plan, PlannedResource } from '../../../src/plan/index.js';
import { examplePlan, exampleSpec } from '../../unit/plan/helpers.js';
import { CertificateClient } from '@azure/keyvault-certificates';
import { roleAssignmentApplyMs } from '../../../src/cli/local-stack/timer-schedules.js';
import { adminRequest } from '../../support/admin.js';
import { pkcs12For } from '../../support/certificates.js';
import { emulatorConnection } from '../../support/emulator-connection.js';
import { startWebhook, type TestWebhook } from '../../support/webhook.js';

/** An entry of the emulator's request log (`GET /_emulator/requests`). */
interface RecordedRequest {
  method: string;
  path: string;
  status: number;
  changedState: boolean;
}

describe('applying plan resources against the emulator', () => {
  let emu: EmulatorHandle;
  let webhook: TestWebhook;
  let plan: Plan;

  before(async () => {
    // Resource provider registration is the providers stage's test; here it is done already.
    emu = await startEmulator({
      stateDir: join(tmpdir(), 'avs-apply-test'),
      timeScale: 0.0001,
      freshSubscription: false,
    });
    // Locally Event Grid delivers to a loopback webhook that answers the validation handshake.
    webhook = await startWebhook();
    plan = examplePlan(
      'full',
      {},
      { eventDestination: { endpointType: 'WebHook', endpointUrl: webhook.url } },
    );
  });
  after(async () => {
    await webhook.close();
    await emu.stop();
  });

  function store() {
    const settings = readSettings({
      ACI_VNET_SIDECARS_CLOUD: 'local',
      ACI_VNET_SIDECARS_ARM_ENDPOINT: emu.armUrl,
      ACI_VNET_SIDECARS_POLL_INTERVAL_MS: '1',
      ACI_VNET_SIDECARS_ROLE_ASSIGNMENT_APPLY_MS: String(roleAssignmentApplyMs(0.0001)),
    });
    assert.ok(settings.ok);
    const connection = connect({ ...settings.settings, caFile: undefined });
    return createResourceStore(
      { ...connection, armOptions: { ...connection.armOptions, tlsOptions: { ca: emu.caPem } } },
      plan.subscriptionId,
    );
  }

  const byType = (type: string) =>
    plan.resources.find((r) => r.type === type)?.id.toLowerCase() ?? '';

  /** What the certificate stage leaves in the vault: a PKCS#12 certificate for the host name. */
  async function importGatewayCertificate(vault: { properties?: Record<string, unknown> }) {
    const connection = emulatorConnection(emu);
    const certificates = new CertificateClient(
      String(vault.properties?.vaultUri),
      connection.credential,
      connection.vaultOptions,
    );
    await certificates.importCertificate(
      'app-contoso-example',
      pkcs12For(['app.contoso.example'], new Date(Date.now() + 80 * 86_400_000)),
      { policy: { contentType: 'application/x-pkcs12', exportable: true } },
    );
  }

  /**
   * Applies resources in order as the stages do: the gateway through its one writer (the generic
   * apply refuses it), every other resource by applyResource.
   */
  async function applyResources(context: ApplyContext, resources: readonly PlannedResource[]) {
    const applied: { name: string; changed: boolean; drift: string[] }[] = [];
    for (const resource of resources) {
      if (resource.type !== 'Microsoft.Network/applicationGateways') {
        applied.push(await applyResource(context, resource));
        continue;
      }
      const body = await resolvedBody(context, resource);
      // The writer reads only the spec (for the gateway's id), the apply context and the log.
      const environment: EnvironmentContext = {
        spec: exampleSpec('full'),
        plan,
        services: undefined as never,
        apply: context,
        log: () => undefined,
      };
      const write = await writeGateway(environment, () => body);
      assert.ok(!('busy' in write), 'busy' in write ? write.busy : '');
      applied.push({ name: resource.name, changed: write.written, drift: write.drift });
    }
    return applied;
  }

  async function writes(): Promise<RecordedRequest[]> {
    const response = await adminRequest(emu, 'GET', '/_emulator/requests');
    return (response.value as RecordedRequest[]).filter((r) => r.changedState);
  }

  test('creates the identities and the network, then writes nothing the second time', async () => {
    await adminRequest(
      emu,
      'PUT',
      `/subscriptions/${plan.subscriptionId}/resourcegroups/${plan.resourceGroup}?api-version=2025-04-01`,
      {
        location: 'westeurope',
      },
    );
    const resources = [
      ...resourcesOfStage(plan, 'identities'),
      ...resourcesOfStage(plan, 'network'),
    ];
    const beforeFirst = (await writes()).length;
    const first = await applyResources(applyContext(store(), plan, {}), resources);
    assert.ok(first.every((r) => r.changed));
    const before = (await writes()).length;
    assert.equal(before - beforeFirst, resources.length, 'one PUT per resource the first time');

    const second = await applyResources(applyContext(store(), plan, {}), resources);
    assert.deepEqual(
      second.filter((r) => r.changed).map((r) => `${r.name}: ${r.drift.join(', ')}`),
      [],
    );
    assert.equal((await writes()).length, before, 'the second run sent a write');
  });

  test('accepts every body of the full plan, in stage order, and a rerun changes nothing', async () => {
    const params = {
      tenantId: emu.tenantId,
      deployerPrincipalId: '00000000-0000-4000-8000-0000000000a0',
      eventHandlerFunctionId: `/subscriptions/${plan.subscriptionId}/resourceGroups/rg-fn/providers/Microsoft.Web/sites/fn/functions/onContainerGroupEvent`,
    };
    // The public zone belongs to the user; the app only writes records into it.
    const dnsGroup = `/subscriptions/${plan.subscriptionId}/resourcegroups/rg-dns`;
    await adminRequest(emu, 'PUT', `${dnsGroup}?api-version=2025-04-01`, {
      location: 'westeurope',
    });
    await adminRequest(
      emu,
      'PUT',
      `${dnsGroup}/providers/Microsoft.Network/dnsZones/contoso.example?api-version=2018-05-01`,
      {
        location: 'global',
      },
    );
    const stages = stageWaves(stageGraph(plan)).flat();
    const ordered = stages.flatMap((s) => resourcesOfStage(plan, s));
    // The certificate stage sits between the vault and the gateway: the gateway's listener reads a
    // PKCS#12 certificate from the vault (articles/application-gateway/key-vault-certs.md).
    const untilCertificate = stages
      .slice(0, stages.indexOf('certificate'))
      .flatMap((s) => resourcesOfStage(plan, s));
    const context = applyContext(store(), plan, params);
    const first = await applyResources(context, untilCertificate);
    await importGatewayCertificate(context.known.get(byType('Microsoft.KeyVault/vaults'))!);
    first.push(...(await applyResources(context, ordered.slice(untilCertificate.length))));
    assert.equal(first.length, plan.resources.length);
    const before = await writes();
    const second = await applyResources(applyContext(store(), plan, params), ordered);
    assert.deepEqual(
      second.filter((r) => r.changed).map((r) => `${r.name}: ${r.drift.join(', ')}`),
      [],
    );
    assert.deepEqual(
      (await writes()).slice(before.length).map((r) => `${r.method} ${r.path}`),
      [],
      'the rerun sent no write',
    );
  });
});
