import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  buildPlan,
  HEALTH_PATHS,
  HEALTHY_BODY,
  planIds,
  type PlannedResource,
} from '../../../src/plan/index.js';
import { at, byId, envOf, exampleSpec, list, named, only } from './helpers.js';

const OPEN = { dashboard: { publicAccess: { allowedSourceRanges: ['203.0.113.0/24'] } } };

function setup() {
  const spec = exampleSpec('minimal', OPEN);
  const plan = buildPlan(spec);
  const ids = planIds(spec);
  const gateway = only(plan, 'Microsoft.Network/applicationGateways').body;
  const probe = (name: string) => named(list(gateway, 'properties.probes'), name);
  return { plan, ids, probe };
}

/** The nginx.conf a group's init container writes, as the sidecar will run it. */
function nginxConfOf(group: PlannedResource): string {
  const init = named(list(group.body, 'properties.initContainers'), 'init');
  return Buffer.from(envOf(init).NGINX_CONF_BASE64!, 'base64').toString('utf8');
}

/** The body of the location block nginx picks for `path` among exact and prefix matches. */
function locationFor(conf: string, path: string): string {
  const exact = new RegExp(`location = ${path.replace(/[/.]/g, '\\$&')} \\{([^}]*)\\}`).exec(conf);
  if (exact) return exact[1]!;
  const prefixes = [...conf.matchAll(/location (\/[^\s{]*) \{([^}]*)\}/g)]
    .filter((m) => path.startsWith(m[1]!))
    .sort((a, b) => b[1]!.length - a[1]!.length);
  assert.ok(prefixes[0], `no location for ${path}`);
  return prefixes[0][2]!;
}

describe('gateway health probes', () => {
  test("probe the app groups' API and count only an answer that says it is healthy", () => {
    const { probe } = setup();
    assert.equal(at(probe('app-health'), 'properties.path'), '/api/healthcheck');
    assert.deepEqual(at(probe('app-health'), 'properties.match'), {
      statusCodes: ['200-399'],
      body: '"health":"OK"',
    });
    assert.equal(HEALTHY_BODY.app, '"health":"OK"');
  });

  test('reach the API through the app sidecar, which does not answer the probe path itself', () => {
    const { plan, ids } = setup();
    const conf = nginxConfOf(byId(plan, ids.appContainerGroups[0]!));
    assert.match(
      locationFor(conf, HEALTH_PATHS.app),
      /^\s*proxy_pass http:\/\/127\.0\.0\.1:8080;\s*$/,
    );
  });

  test('reach the dashboard app through its sidecar, not an answer from nginx alone', () => {
    const { plan, ids, probe } = setup();
    const path = at(probe('dashboard-health'), 'properties.path') as string;
    assert.equal(path, HEALTH_PATHS.dashboard);
    const location = locationFor(nginxConfOf(byId(plan, ids.dashboardContainerGroup)), path);
    assert.match(location, /proxy_pass http:\/\/127\.0\.0\.1:80;/);
    assert.doesNotMatch(location, /return/);
  });
});
