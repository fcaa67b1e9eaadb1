// Which existing resources a deployment prunes, from the plan and what the two lists showed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ArmResource } from '../../../src/azure/resources.js';
import {
  nothingToPrune,
  pruneSelection,
  type PruneListing,
} from '../../../src/environments/index.js';
import { buildPlan, environmentMarks, planIds } from '../../../src/plan/index.js';
import type { EnvironmentSpec } from '../../../src/spec/index.js';
import { exampleSpec } from '../plan/helpers.js';

/** The full example (contoso-prod, 3 app groups, a dashboard) with `changes`. */
const specOf = (changes: Record<string, unknown> = {}) => exampleSpec('full', changes);
const deployedSpec = specOf();
const ids = planIds(deployedSpec);
const OURS = environmentMarks('contoso-prod');

/** `null`: no tags at all. */
const group = (name: string, tags: Record<string, string> | null = OURS): ArmResource => ({
  id: `${ids.resourceGroup}/providers/Microsoft.ContainerInstance/containerGroups/${name}`,
  name,
  type: 'Microsoft.ContainerInstance/containerGroups',
  ...(tags ? { tags } : {}),
  properties: { provisioningState: 'Succeeded', ipAddress: { ip: '192.168.1.4' } },
});

/** `null`: no metadata at all. */
const record = (name: string, metadata: Record<string, string> | null = OURS): ArmResource => ({
  id: `${ids.appPrivateZone}/A/${name}`,
  name,
  type: 'Microsoft.Network/privateDnsZones/A',
  etag: `etag-${name}`,
  properties: { aRecords: [{ ipv4Address: '192.168.1.4' }], ...(metadata ? { metadata } : {}) },
});

/** What a deployment of the full example leaves: its 3 app groups, the dashboard, their records. */
const deployed = (extra: Partial<PruneListing> = {}): PruneListing => ({
  containerGroups: [
    ...[1, 2, 3].map((n) => group(`ci-contoso-prod-app-${n}`)),
    group('ci-contoso-prod-dashboard'),
    ...(extra.containerGroups ?? []),
  ],
  aRecords: [
    ...[1, 2, 3].map((n) => record(`app-${n}`)),
    record('dashboard'),
    ...(extra.aRecords ?? []),
  ],
});

const select = (spec: EnvironmentSpec, listing: PruneListing) =>
  pruneSelection(spec, buildPlan(spec), listing);
const names = (targets: readonly { name: string }[]) => targets.map((t) => t.name);

describe('what a deployment prunes', () => {
  test('nothing when the spec plans everything that exists', () => {
    const selection = select(deployedSpec, deployed());
    assert.ok(nothingToPrune(selection));
    assert.deepEqual(selection.kept, []);
  });

  test('the groups beyond app.instances and their A records, groups and records apart', () => {
    const selection = select(specOf({ app: { instances: 1 } }), deployed());
    assert.deepEqual(names(selection.containerGroups), [
      'ci-contoso-prod-app-2',
      'ci-contoso-prod-app-3',
    ]);
    assert.deepEqual(names(selection.aRecords), ['app-2', 'app-3']);
    assert.equal(selection.containerGroups[0]?.listed.properties?.provisioningState, 'Succeeded');
    assert.equal(
      selection.aRecords[0]?.listed.etag,
      'etag-app-2',
      'the record as listed, etag included',
    );
    assert.ok(!nothingToPrune(selection));
  });

  test('orders app-10 after app-9', () => {
    const many = deployed({
      containerGroups: [group('ci-contoso-prod-app-10'), group('ci-contoso-prod-app-9')],
    });
    assert.deepEqual(names(select(deployedSpec, many).containerGroups), [
      'ci-contoso-prod-app-9',
      'ci-contoso-prod-app-10',
    ]);
  });

  test('the dashboard group and its record once the dashboard is turned off', () => {
    const selection = select(
      specOf({ dashboard: { enabled: false, publicAccess: undefined } }),
      deployed(),
    );
    assert.deepEqual(names(selection.containerGroups), ['ci-contoso-prod-dashboard']);
    assert.deepEqual(names(selection.aRecords), ['dashboard']);
  });

  test('a record left without its group, and never a record a planned group may still get', () => {
    const selection = select(deployedSpec, deployed({ aRecords: [record('app-4')] }));
    assert.deepEqual(names(selection.aRecords), ['app-4']);
    // app-1 exists here without its group: planned, so the records stage (not prune) owns it.
    const withoutGroup = select(deployedSpec, {
      containerGroups: [],
      aRecords: [record('app-1')],
    });
    assert.ok(nothingToPrune(withoutGroup));
  });

  test('never the run-once migration group, which the plan holds apart from its resources', () => {
    const selection = select(
      deployedSpec,
      deployed({ containerGroups: [group('ci-contoso-prod-migrate')] }),
    );
    assert.ok(nothingToPrune(selection));
  });

  test('ids compare without case, as ARM answers them', () => {
    const recased = group('ci-contoso-prod-app-1');
    recased.id = recased.id!.replace('/resourceGroups/', '/resourcegroups/');
    const selection = select(deployedSpec, {
      containerGroups: [recased],
      aRecords: [],
    });
    assert.ok(nothingToPrune(selection));
  });

  test("never what is not this environment's: no tags, another owner, another environment", () => {
    const listing = deployed({
      containerGroups: [
        group('ci-contoso-prod-app-7', null),
        group('ci-contoso-prod-app-8', { owner: 'team-x' }),
        group('ci-contoso-prod-app-9', { ...OURS, 'managed-by': 'someone-else' }),
        group('handmade', { owner: 'team-x' }),
        group('ci-contoso-prod-eu-app-1', environmentMarks('contoso-prod-eu')),
      ],
      aRecords: [
        record('app-7', null),
        record('app-8', environmentMarks('contoso-prod-eu')),
        record('www', { owner: 'team-x' }),
      ],
    });
    const selection = select(specOf({ app: { instances: 1 } }), listing);
    assert.deepEqual(names(selection.containerGroups), [
      'ci-contoso-prod-app-2',
      'ci-contoso-prod-app-3',
    ]);
    assert.deepEqual(names(selection.aRecords), ['app-2', 'app-3']);
    // Named like this environment's groups, so reported as kept with what they carry; a group
    // of another environment of this app (contoso-prod-eu) or named otherwise is not mentioned.
    assert.deepEqual(
      selection.kept.map((k) => [k.name, k.why]),
      [
        [
          'ci-contoso-prod-app-7',
          "not this environment's: it carries no tags, not tags {aci-vnet-sidecars-environment=contoso-prod, managed-by=aci-vnet-sidecars}",
        ],
        [
          'ci-contoso-prod-app-8',
          "not this environment's: it carries tags {owner=team-x}, not tags {aci-vnet-sidecars-environment=contoso-prod, managed-by=aci-vnet-sidecars}",
        ],
        [
          'ci-contoso-prod-app-9',
          "not this environment's: it carries tags {aci-vnet-sidecars-environment=contoso-prod, managed-by=someone-else}, not tags {aci-vnet-sidecars-environment=contoso-prod, managed-by=aci-vnet-sidecars}",
        ],
      ],
    );
  });

  test('tag names match without case, values exactly', () => {
    const upper = group('ci-contoso-prod-app-3', {
      'ACI-VNET-SIDECARS-ENVIRONMENT': 'contoso-prod',
      'Managed-By': 'aci-vnet-sidecars',
    });
    const otherCase = group('ci-contoso-prod-app-2', {
      'aci-vnet-sidecars-environment': 'Contoso-Prod',
      'managed-by': 'aci-vnet-sidecars',
    });
    const selection = select(specOf({ app: { instances: 1 } }), {
      containerGroups: [upper, otherCase],
      aRecords: [],
    });
    assert.deepEqual(names(selection.containerGroups), ['ci-contoso-prod-app-3']);
  });

  test('with prune: false, nothing: what would go is reported kept', () => {
    const selection = select(specOf({ app: { instances: 2 }, prune: false }), deployed());
    assert.ok(nothingToPrune(selection));
    assert.deepEqual(
      selection.kept.map((k) => [k.type, k.name, k.why]),
      [
        [
          'Microsoft.ContainerInstance/containerGroups',
          'ci-contoso-prod-app-3',
          'prune is false in the spec',
        ],
        ['Microsoft.Network/privateDnsZones/A', 'app-3', 'prune is false in the spec'],
      ],
    );
  });
});
