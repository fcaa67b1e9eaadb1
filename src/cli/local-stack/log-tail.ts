// Quotes a child process's log in error messages, so a failed start says what went wrong.
import { readFileSync } from 'node:fs';

/** The last `lines` lines of a log file, indented for quoting in an error message. */
export function logTail(file: string, lines = 20): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return '    (no log written)';
  }
  const tail = text.trimEnd().split('\n').slice(-lines);
  return tail.length === 1 && tail[0] === ''
    ? '    (the log is empty)'
    : tail.map((l) => `    ${l}`).join('\n');
}

/**
 * The error line our CLI printed in a child's log (runCli's "aci-vnet-sidecars: …" prefix), with
 * the log's end: a child can report a fatal start-up error yet keep a socket open.
 */
export function cliErrorIn(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const line = /^aci-vnet-sidecars: .*$/m.exec(text)?.[0];
  return line ? `${line}\n  the end of ${file}:\n${logTail(file)}` : undefined;
}
