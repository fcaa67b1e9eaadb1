import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { restartingGroups, restartingReason } from '../../../src/environments/restarting.js';

type Group = Parameters<typeof restartingReason>[0];

/** A container group as its GET reports it; running with an IP unless told otherwise. */
const group = (overrides: Partial<Group> = {}): Group => ({
  ip: '192.168.1.4',
  state: 'Running',
  provisioningState: 'Succeeded',
  waitingContainers: [],
  ...overrides,
});
const noIp = (overrides: Partial<Group> = {}) => group({ ip: undefined, ...overrides });

describe('which container groups are restarting', () => {
  test('a group with an IP is not restarting, whatever its states say', () => {
    assert.equal(
      restartingReason(group({ state: 'Pending', provisioningState: 'Creating' })),
      undefined,
    );
  });

  test('a Pending group without an IP is restarting, even when its operation already succeeded', () => {
    assert.equal(restartingReason(noIp({ state: 'Pending' })), 'no IP yet (state Pending)');
  });

  test('a group whose operation is still running is restarting', () => {
    for (const provisioningState of ['Pending', 'Creating', 'Accepted', 'Repairing'])
      assert.equal(
        restartingReason(noIp({ state: undefined, provisioningState })),
        `no IP yet (provisioning ${provisioningState})`,
      );
  });

  test('a group with waiting containers is restarting, and the reason names them', () => {
    assert.equal(
      restartingReason(noIp({ waitingContainers: ['init', 'sidecar'] })),
      'no IP yet (waiting: init, sidecar)',
    );
  });

  test('lists every sign at once', () => {
    assert.equal(
      restartingReason(
        noIp({ state: 'Pending', provisioningState: 'Creating', waitingContainers: ['web'] }),
      ),
      'no IP yet (state Pending; provisioning Creating; waiting: web)',
    );
  });

  test('a stopped, missing or finished group is not coming back by itself', () => {
    for (const state of ['Stopped', 'Missing', 'Succeeded', 'Failed', 'stopped'])
      assert.equal(
        restartingReason(noIp({ state, provisioningState: 'Creating', waitingContainers: ['x'] })),
        undefined,
        state,
      );
  });

  test('a group being deleted is not restarting', () => {
    assert.equal(
      restartingReason(noIp({ state: 'Pending', provisioningState: 'Deleting' })),
      undefined,
    );
  });

  test('a running group without an IP, its operation settled, is not restarting', () => {
    assert.equal(restartingReason(noIp()), undefined);
    assert.equal(restartingReason(noIp({ provisioningState: 'Failed' })), undefined);
  });

  test('names the restarting groups by record name', () => {
    assert.deepEqual(
      restartingGroups([
        { role: { recordName: 'app-1' }, ...noIp({ state: 'Pending' }) },
        { role: { recordName: 'app-2' }, ...group() },
        { role: { recordName: 'app-3' }, ...noIp({ state: 'Stopped' }) },
      ]),
      ['app-1: no IP yet (state Pending)'],
    );
  });
});
