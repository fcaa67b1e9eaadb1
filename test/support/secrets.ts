// Checks that a secret never leaves the system: not in a log, an HTTP body or a CLI's output.
import assert from 'node:assert/strict';

/** Shorter runs than this occur by chance in base64 text; longer ones would let a leak through. */
const SLICE = 16;

/**
 * Every run of 16 characters of the secret, line by line (a PEM is checked within its base64
 * lines, so a leak of any line of a key is found, not only its header).
 */
export function secretSlices(secret: string): string[] {
  const lines = secret
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length >= SLICE && !/^-----(BEGIN|END) /.test(l));
  const slices = lines.flatMap((line) =>
    Array.from({ length: line.length - SLICE + 1 }, (_, i) => line.slice(i, i + SLICE)),
  );
  assert.ok(slices.length > 0, 'the secret is too short to be checked for leaks');
  return [...new Set(slices)];
}

/** Fails, naming where, when `text` holds any 16-character slice of `secret`. */
export function assertNoSecret(text: string, secret: string, where: string): void {
  const leaked = secretSlices(secret).find((slice) => text.includes(slice));
  assert.equal(leaked, undefined, `${where} contains part of a secret`);
}
