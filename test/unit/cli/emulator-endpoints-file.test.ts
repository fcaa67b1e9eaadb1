import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  readEndpointsFile,
  removeEndpointsFile,
  writeEndpointsFile,
} from '../../../src/cli/emulator-endpoints-file.js';

const dir = mkdtempSync(join(tmpdir(), 'endpoints-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const endpoints = {
  armPort: 40_100,
  dnsPort: 40_101,
  nameServers: [{ name: 'ns1-01.azure-dns.com.', host: '127.0.0.1', port: 40_102, delayMs: 0 }],
};

describe("the emulator's endpoints file", () => {
  test('is not there before the emulator writes it, and reads back what it wrote', () => {
    const file = join(dir, 'written.json');
    assert.equal(readEndpointsFile(file), undefined);
    writeEndpointsFile(file, endpoints);
    assert.deepEqual(readEndpointsFile(file), endpoints);
    assert.deepEqual(readdirSync(dir), ['written.json'], 'no partial file is left');
    removeEndpointsFile(file);
    assert.equal(readEndpointsFile(file), undefined);
  });

  test('that is not JSON, or not the ports, is an error naming the file and the field', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{"armPort": 40');
    assert.throws(() => readEndpointsFile(file), {
      message: `${file} is not JSON; it should hold the ports the emulator bound`,
    });
    writeFileSync(file, JSON.stringify({ ...endpoints, dnsPort: 70_000 }));
    assert.throws(
      () => readEndpointsFile(file),
      (error: Error) =>
        error.message.startsWith(`${file} does not hold the emulator's ports: dnsPort:`),
    );
    writeFileSync(file, JSON.stringify({ ...endpoints, nameServers: [] }));
    assert.throws(() => readEndpointsFile(file), /nameServers/);
  });
});
