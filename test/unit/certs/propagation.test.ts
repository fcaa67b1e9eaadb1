import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { challengeRecords } from '../../../src/certs/challenge-records.js';
import { waitForTxtRecords, type PropagationOptions } from '../../../src/certs/propagation.js';
import type { NameServer } from '../../../src/certs/txt-lookup.js';

const records = challengeRecords(
  [
    { identifier: 'app.contoso.example', value: 'v1' },
    { identifier: 'app.contoso.example', value: 'v2' },
  ],
  'contoso.example',
);

/** A name server that answers each poll with the next of `answers` (the last one from then on). */
function nameServer(name: string, answers: (string[] | Error)[], asked: string[] = []): NameServer {
  let poll = 0;
  return {
    name,
    lookup: (fqdn) => {
      asked.push(`${name} ${fqdn}`);
      const answer = answers[Math.min(poll++, answers.length - 1)] ?? [];
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
}

function options(nameServers: NameServer[], attempts = 10): PropagationOptions & { slept: number } {
  const result = {
    nameServers,
    attempts,
    intervalMs: 10_000,
    slept: 0,
    sleep: () => {
      result.slept += 1;
      return Promise.resolve();
    },
  };
  return result;
}

const both = ['v1', 'v2'];

describe('waiting for every name server of the zone to answer the challenge', () => {
  test('returns at the first poll where every name server answers every value', async () => {
    const wait = options([
      nameServer('ns1-01.azure-dns.com.', [both]),
      nameServer('ns2-01.azure-dns.net.', [[], both]),
      nameServer('ns3-01.azure-dns.org.', [['v1'], both]),
      nameServer('ns4-01.azure-dns.info.', [[], [], [], both]),
    ]);
    assert.equal(await waitForTxtRecords(records, wait), 4);
    assert.equal(wait.slept, 3);
  });

  test('waits for the slowest name server although the first answers at once', async () => {
    const wait = options(
      [nameServer('ns1-01.azure-dns.com.', [both]), nameServer('ns4-01.azure-dns.info.', [[]])],
      3,
    );
    await assert.rejects(waitForTxtRecords(records, wait), /DnsNotPropagated/);
  });

  test('asks again only the name servers that did not answer yet', async () => {
    const asked: string[] = [];
    const wait = options([
      nameServer('ns1-01.azure-dns.com.', [both], asked),
      nameServer('ns2-01.azure-dns.net.', [[], [], both], asked),
    ]);
    await waitForTxtRecords(records, wait);
    assert.deepEqual(asked, [
      'ns1-01.azure-dns.com. _acme-challenge.app.contoso.example',
      'ns2-01.azure-dns.net. _acme-challenge.app.contoso.example',
      'ns2-01.azure-dns.net. _acme-challenge.app.contoso.example',
      'ns2-01.azure-dns.net. _acme-challenge.app.contoso.example',
    ]);
  });

  test('treats a name server that does not answer as not having the record yet', async () => {
    const wait = options([
      nameServer('ns1-01.azure-dns.com.', [new Error('DNS query timed out after 2000ms'), both]),
    ]);
    assert.equal(await waitForTxtRecords(records, wait), 2);
  });

  test('gives up after its polls, naming each name server without the record and its answer', async () => {
    const wait = options(
      [
        nameServer('ns1-01.azure-dns.com.', [both]),
        nameServer('ns2-01.azure-dns.net.', [['v1']]),
        nameServer('ns3-01.azure-dns.org.', [new Error('DNS query timed out after 2000ms')]),
        nameServer('ns4-01.azure-dns.info.', [[]]),
      ],
      19,
    );
    await assert.rejects(waitForTxtRecords(records, wait), (error: Error) => {
      assert.match(error.message, /^\[transient\/DnsNotPropagated\] /);
      assert.match(error.message, /after 19 polls over 180 s/);
      assert.match(
        error.message,
        /ns2-01\.azure-dns\.net\. \(_acme-challenge\.app\.contoso\.example: 1 of 2 challenge values\), ns3-01\.azure-dns\.org\. \(_acme-challenge\.app\.contoso\.example: no answer: DNS query timed out after 2000ms\), ns4-01\.azure-dns\.info\. \(_acme-challenge\.app\.contoso\.example: no TXT record\)\./,
      );
      assert.doesNotMatch(error.message, /ns1-01/);
      assert.match(error.message, /The challenge was not answered/);
      return true;
    });
    assert.equal(wait.slept, 18);
  });
});
