import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createDashboardApp } from '../../../images/dash/src/app.js';
import {
  groupStatus,
  readGroupStatuses,
  type GroupStatus,
} from '../../../images/dash/src/group-status.js';
import { escapeHtml, renderPage } from '../../../images/dash/src/page.js';
import type { ArmResource } from '../../../src/azure/resources.js';
import { AppError } from '../../../src/errors.js';

const GROUPS =
  '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerInstance/containerGroups';

function containerGroup(name: string, props: Record<string, unknown> = {}): ArmResource {
  return {
    id: `${GROUPS}/${name}`,
    name,
    properties: { provisioningState: 'Succeeded', ...props },
  };
}

const OBJECT_ID = '9f3c2a10-5b7e-4c1d-8e2f-1a2b3c4d5e6f';
const withIp = (ip: string) => ({ ipAddress: { type: 'Private', ip } });
const running = { instanceView: { state: 'Running' } };
const restarts = (...counts: number[]) => ({
  containers: counts.map((restartCount, i) => ({
    name: `c${i}`,
    properties: { instanceView: { restartCount } },
  })),
});

describe('dashboard image: group status', () => {
  test('shows the instance view state, private IP and highest container restart count', () => {
    const group = containerGroup('ci-app-1', {
      ...running,
      ...withIp('192.168.1.4'),
      ...restarts(2, 3, 2),
    });
    assert.deepEqual(groupStatus(group.id ?? '', group), {
      id: `${GROUPS}/ci-app-1`,
      name: 'ci-app-1',
      state: 'Running',
      ip: '192.168.1.4',
      restartCount: 3,
    });
  });

  test('falls back to the provisioning state and no IP while the group is being created', () => {
    const status = groupStatus(`${GROUPS}/ci-app-2`, containerGroup('ci-app-2'));
    assert.deepEqual([status.state, status.ip, status.restartCount], ['Succeeded', null, 0]);
  });

  test('shows a deleted group as NotFound', () => {
    assert.equal(groupStatus(`${GROUPS}/gone`, undefined).state, 'NotFound');
  });

  test('reads every group and turns a failed read into a row with a generic error, logging what ARM said', async () => {
    const armMessage = `The client '${OBJECT_ID}' with object id '${OBJECT_ID}' does not have authorization to perform action 'Microsoft.ContainerInstance/containerGroups/read' over scope '${GROUPS}/ci-app-2'`;
    const store = {
      get: (id: string) =>
        id.endsWith('/ci-app-1')
          ? Promise.resolve(containerGroup('ci-app-1', { ...running, ...withIp('192.168.1.4') }))
          : Promise.reject(new AppError('forbidden', 'AuthorizationFailed', armMessage)),
    };
    const logged: string[] = [];
    const rows = await readGroupStatuses(
      store,
      [`${GROUPS}/ci-app-1`, `${GROUPS}/ci-app-2`],
      (line) => logged.push(line),
    );
    assert.deepEqual(
      rows.map((r) => [r.name, r.state, r.error]),
      [
        ['ci-app-1', 'Running', undefined],
        ['ci-app-2', 'Unreadable', 'could not be read; the details are in the dashboard log'],
      ],
    );
    assert.doesNotMatch(JSON.stringify(rows), new RegExp(OBJECT_ID));
    assert.deepEqual(logged, [
      `dashboard: reading ${GROUPS}/ci-app-2 failed: forbidden/AuthorizationFailed: ${armMessage}`,
    ]);
  });

  test('shows no object id on the page or in the JSON when a group cannot be read', async () => {
    const app = createDashboardApp({
      environment: 'contoso',
      readGroups: () =>
        readGroupStatuses(
          {
            get: () =>
              Promise.reject(
                new AppError('forbidden', 'AuthorizationFailed', `object id '${OBJECT_ID}'`),
              ),
          },
          [`${GROUPS}/ci-app-1`],
          () => undefined,
        ),
      now: () => new Date(0),
    });
    for (const path of ['/', '/groups.json']) {
      const body = await (await app.fetch(new Request(`http://dash${path}`))).text();
      assert.doesNotMatch(body, new RegExp(OBJECT_ID), path);
      assert.match(body, /could not be read; the details are in the dashboard log/, path);
    }
  });

  test('asks ARM with the container instance api-version of the plan', async () => {
    const versions: string[] = [];
    await readGroupStatuses(
      { get: (_id: string, v: string) => (versions.push(v), Promise.resolve(undefined)) },
      [`${GROUPS}/a`],
      () => undefined,
    );
    assert.deepEqual(versions, ['2023-05-01']);
  });
});

describe('dashboard image: page and routes', () => {
  const rows: GroupStatus[] = [
    {
      id: `${GROUPS}/ci-app-1`,
      name: 'ci-app-1',
      state: 'Running',
      ip: '192.168.1.4',
      restartCount: 1,
    },
    {
      id: `${GROUPS}/x`,
      name: '<script>',
      state: 'Unreadable',
      ip: null,
      restartCount: 0,
      error: 'a & b',
    },
  ];
  const app = createDashboardApp({
    environment: 'contoso',
    readGroups: () => Promise.resolve(rows),
    now: () => new Date('2026-11-26T10:00:00Z'),
  });
  const get = (path: string) => app.fetch(new Request(`http://dash${path}`));

  test('lists every group with state, IP and restarts on the page, escaping every value', async () => {
    const response = await get('/');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
    const html = await response.text();
    assert.match(html, /<td>ci-app-1<\/td><td>Running<\/td><td>192\.168\.1\.4<\/td><td>1<\/td>/);
    assert.match(html, /<td>&lt;script&gt;<\/td>/);
    assert.match(html, /<td>a &amp; b<\/td>/);
    assert.doesNotMatch(html, /<script>/);
    assert.match(html, /2026-11-26T10:00:00\.000Z/);
  });

  test('serves the same rows as JSON for scripts', async () => {
    assert.deepEqual(await (await get('/groups.json')).json(), {
      environment: 'contoso',
      groups: rows,
    });
  });

  test('answers its liveness check without reading ARM', async () => {
    const idle = createDashboardApp({
      environment: 'e',
      readGroups: () => Promise.reject(new Error('must not be called')),
      now: () => new Date(0),
    });
    const response = await idle.fetch(new Request('http://dash/healthz'));
    assert.equal(response.status, 200);
  });

  test('answers 404 for other paths and 405 for writes', async () => {
    assert.equal((await get('/admin')).status, 404);
    assert.equal((await app.fetch(new Request('http://dash/', { method: 'POST' }))).status, 405);
  });

  test('escapes the five HTML special characters', () => {
    assert.equal(
      escapeHtml(`<a href="x">'&'</a>`),
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
    assert.match(
      renderPage('e<v>', [], new Date(0)),
      /<title>aci-vnet-sidecars · e&lt;v&gt;<\/title>/,
    );
  });
});
