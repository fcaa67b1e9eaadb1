// The public zone adapter writes and deletes only TXT record sets that carry the owner's metadata,
// conditionally on what it read.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RecordSet } from '@azure/arm-dns';
import { RestError } from '@azure/core-rest-pipeline';
import { publicDnsZone, type PublicDnsZone } from '../../../src/azure/public-dns.js';

const OWNER = { 'aci-vnet-sidecars-environment': 'contoso-dev', 'managed-by': 'aci-vnet-sidecars' };
const TARGET = { subscriptionId: 's', resourceGroup: 'rg', zone: 'contoso.example', owner: OWNER };

const notFound = () =>
  new RestError('The resource was not found', { statusCode: 404, code: 'NotFound' });
const preconditionFailed = () =>
  new RestError('The Record set _acme-challenge.app has been modified (etag mismatch).', {
    statusCode: 412,
    code: 'PreconditionFailed',
  });

/** Record sets that answer reads from `reads` in turn and record every write with its options. */
function recordSets(reads: (RecordSet | undefined)[], writes: (Error | undefined)[] = []) {
  const sent: string[] = [];
  const api = {
    get: () => {
      sent.push('GET');
      const next = reads.shift();
      return next ? Promise.resolve(next) : Promise.reject(notFound());
    },
    createOrUpdate: (
      _rg: string,
      _zone: string,
      name: string,
      _type: string,
      body: RecordSet,
      options?: { ifMatch?: string; ifNoneMatch?: string },
    ) => {
      sent.push(`PUT ${name} ${JSON.stringify(body.metadata)} ${JSON.stringify(options)}`);
      const failure = writes.shift();
      return failure ? Promise.reject(failure) : Promise.resolve(body);
    },
    delete: (_rg: string, _zone: string, name: string, _type: string, options?: object) => {
      sent.push(`DELETE ${name} ${JSON.stringify(options)}`);
      const failure = writes.shift();
      return failure ? Promise.reject(failure) : Promise.resolve();
    },
  };
  return { api: api as never, sent };
}

const zoneOver = (api: never): PublicDnsZone =>
  publicDnsZone(api, TARGET, () => Promise.resolve([]));
const ours = (etag: string): RecordSet => ({ etag, metadata: { ...OWNER }, txtRecords: [] });
const theirs: RecordSet = { etag: '"9"', metadata: { owner: 'another-acme-client' } };

describe('TXT record sets in the public zone', () => {
  test('are created If-None-Match * with the owner metadata, and replaced If-Match the etag read when ours', async () => {
    const absent = recordSets([undefined]);
    await zoneOver(absent.api).setTxt('_acme-challenge.app', ['v'], 60);
    assert.deepEqual(absent.sent, [
      'GET',
      `PUT _acme-challenge.app ${JSON.stringify(OWNER)} {"ifNoneMatch":"*"}`,
    ]);
    const existing = recordSets([ours('"1"')]);
    await zoneOver(existing.api).setTxt('_acme-challenge.app', ['v'], 60);
    assert.deepEqual(existing.sent, [
      'GET',
      `PUT _acme-challenge.app ${JSON.stringify(OWNER)} {"ifMatch":"\\"1\\""}`,
    ]);
  });

  test('that are not ours are neither replaced nor deleted, and the refusal names them and their metadata', async () => {
    for (const act of [
      (zone: PublicDnsZone) => zone.setTxt('_acme-challenge.app', ['v'], 60),
      (zone: PublicDnsZone) => zone.deleteTxt('_acme-challenge.app'),
    ]) {
      const foreign = recordSets([theirs]);
      await assert.rejects(
        act(zoneOver(foreign.api)),
        /\[validation\/NotOwned\] TXT _acme-challenge\.app\.contoso\.example already exists and is not this environment's: its metadata is \{owner=another-acme-client\}/,
      );
      assert.deepEqual(foreign.sent, ['GET']);
    }
  });

  test('are deleted If-Match the etag read; an absent one is already gone', async () => {
    const existing = recordSets([ours('"3"')]);
    await zoneOver(existing.api).deleteTxt('_acme-challenge.app');
    assert.deepEqual(existing.sent, ['GET', 'DELETE _acme-challenge.app {"ifMatch":"\\"3\\""}']);
    const absent = recordSets([undefined]);
    await zoneOver(absent.api).deleteTxt('_acme-challenge.app');
    assert.deepEqual(absent.sent, ['GET']);
  });

  test('read and check once more on 412: a record set someone else wrote meanwhile is left alone', async () => {
    const raced = recordSets([undefined, theirs], [preconditionFailed()]);
    await assert.rejects(
      zoneOver(raced.api).setTxt('_acme-challenge.app', ['v'], 60),
      /\[validation\/NotOwned\]/,
    );
    assert.equal(raced.sent.filter((s) => s.startsWith('PUT')).length, 1);
    const twice = recordSets(
      [ours('"1"'), ours('"2"')],
      [preconditionFailed(), preconditionFailed()],
    );
    await assert.rejects(
      zoneOver(twice.api).setTxt('_acme-challenge.app', ['v'], 60),
      /\[conflict\/ChangedMeanwhile\] TXT _acme-challenge\.app\.contoso\.example changed between each of 2 reads/,
    );
  });
});
