import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gatewayConfig } from '../../../../local/runtime/gateway/gateway-config.js';
import { healthReport, targetKey } from '../../../../local/runtime/gateway/health-report.js';
import {
  NEW_MEMBER,
  nextHealth,
  type MemberHealth,
} from '../../../../local/runtime/gateway/health-state.js';
import {
  failureLog,
  probeVerdict,
  statusMatches,
} from '../../../../local/runtime/gateway/probe-verdict.js';
import { gatewayRecord, GATEWAY_ID } from '../../../support/gateway-record.js';

const ok = { ok: true, log: 'Success. Received 200 status code' };
const failed = { ok: false, log: 'Application Gateway could not connect to the backend.' };

function run(results: (typeof ok)[], threshold: number, from: MemberHealth = NEW_MEMBER) {
  return results.reduce((state, result) => nextHealth(state, result, threshold), from);
}

void describe('local gateway probes', () => {
  void test('count 200-399 healthy by default, and single codes or ranges of match.statusCodes', () => {
    assert.equal(statusMatches(['200-399'], 302), true);
    assert.equal(statusMatches(['200-399'], 404), false);
    assert.equal(statusMatches(['200', '401'], 401), true);
    assert.equal(statusMatches(['200', '401'], 201), false);
  });

  void test('require match.body as a substring, not a regular expression', () => {
    const match = { statusCodes: ['200-399'], body: '"health":"OK"' };
    assert.equal(probeVerdict(match, 200, '{"health":"OK","version":"2"}').ok, true);
    const wrong = probeVerdict(match, 200, '<html>fallback</html>');
    assert.equal(wrong.ok, false);
    assert.match(wrong.log, /Received response body doesn't contain "health":"OK"/);
    assert.equal(probeVerdict({ statusCodes: ['200'], body: 'a.c' }, 200, 'abc').ok, false);
    assert.match(probeVerdict(match, 500, '"health":"OK"').log, /Expected:200-399 Received:500/);
  });

  void test('word TLS failures as the backend health page does', () => {
    assert.match(failureLog('ERR_TLS_CERT_ALTNAME_INVALID', true), /Common Name of the leaf/);
    assert.match(failureLog('SELF_SIGNED_CERT_IN_CHAIN', true), /doesn't match the trusted root/);
    assert.match(
      failureLog('UNABLE_TO_VERIFY_LEAF_SIGNATURE', false),
      /well-known Certificate Authority/,
    );
    assert.match(failureLog('CERT_HAS_EXPIRED', true), /Valid from/);
    assert.match(failureLog('ECONNREFUSED', true), /could not connect to the backend/);
  });
});

void describe("a pool member's health", () => {
  void test('starts Unknown, and is Healthy after one successful probe', () => {
    assert.equal(NEW_MEMBER.health, 'Unknown');
    assert.equal(run([ok], 3).health, 'Healthy');
  });

  void test('stays Healthy until the consecutive failures reach the unhealthy threshold', () => {
    const healthy = run([ok], 3);
    assert.equal(run([failed, failed], 3, healthy).health, 'Healthy');
    const down = run([failed, failed, failed], 3, healthy);
    assert.equal(down.health, 'Unhealthy');
    assert.equal(down.healthProbeLog, failed.log);
    assert.equal(
      run([failed, failed, ok, failed, failed], 3, healthy).health,
      'Healthy',
      'a success resets the count',
    );
  });

  void test('comes back Healthy after one success', () => {
    const down = run([ok, failed, failed], 2);
    assert.equal(down.health, 'Unhealthy');
    assert.equal(run([ok], 2, down).health, 'Healthy');
  });

  void test('a new member that fails stays Unknown until the threshold, then Unhealthy', () => {
    assert.equal(run([failed], 2).health, 'Unknown');
    assert.equal(run([failed, failed], 2).health, 'Unhealthy');
  });
});

void describe('the backend health report', () => {
  void test('lists every pool, the settings its rules use, and each address as the pool names it', () => {
    const config = gatewayConfig(gatewayRecord({ members: ['192.168.1.4', '192.168.1.5'] }));
    const pool = `${GATEWAY_ID}/backendAddressPools/app`;
    const settings = `${GATEWAY_ID}/backendHttpSettingsCollection/app-https`;
    const states = new Map([
      [targetKey(pool.toLowerCase(), settings.toLowerCase(), '192.168.1.4'), run([ok], 3)],
    ]);
    assert.deepEqual(healthReport(config, states), {
      backendAddressPools: [
        {
          backendAddressPool: { id: pool },
          backendHttpSettingsCollection: [
            {
              backendHttpSettings: { id: settings },
              servers: [
                { address: '192.168.1.4', health: 'Healthy', healthProbeLog: ok.log },
                {
                  address: '192.168.1.5',
                  health: 'Unknown',
                  healthProbeLog: NEW_MEMBER.healthProbeLog,
                },
              ],
            },
          ],
        },
      ],
    });
  });
});
