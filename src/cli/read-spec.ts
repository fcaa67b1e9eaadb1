// Reads a spec file for the CLI and validates it locally, so mistakes show before anything runs.
import { readFile } from 'node:fs/promises';
import { parseTree, printParseErrorCode, type ParseError, type ParseErrorCode } from 'jsonc-parser';
import { formatProblems, parseSpec, type EnvironmentSpec } from '../spec/index.js';
import { CliUsageError } from './io.js';

/** Reads and validates a spec file; every failure is a one-line (or problem-list) usage error. */
export async function readSpecFile(file: string): Promise<EnvironmentSpec> {
  return (await readSpecInput(file)).spec;
}

/** The spec as written (what the app's API takes) and as parsed, validated locally first. */
export async function readSpecInput(
  file: string,
): Promise<{ input: unknown; spec: EnvironmentSpec }> {
  const text = await readText(file);
  const json = parseJson(file, text);
  const result = parseSpec(json);
  if (!result.ok) {
    const count = result.problems.length;
    throw new CliUsageError(
      `${file} is not a valid environment spec (${count} problem${count === 1 ? '' : 's'}):\n${formatProblems(result.problems)}`,
    );
  }
  return { input: json, spec: result.spec };
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : (code ?? 'unreadable');
    throw new CliUsageError(`cannot read spec ${file}: ${reason}`);
  }
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliUsageError(`${file} is not valid JSON: ${describeJsonError(text, error)}`);
  }
}

/**
 * Node's JSON.parse messages differ between versions and often omit the position, so the
 * location comes from jsonc-parser's scanner, in strict JSON mode.
 */
function describeJsonError(text: string, error: unknown): string {
  if (!text.trim()) return 'the file is empty';
  const errors: ParseError[] = [];
  parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (!first) return error instanceof Error ? error.message : String(error);
  const before = text.slice(0, first.offset).split('\n');
  const line = before.length;
  const column = (before.at(-1)?.length ?? 0) + 1;
  return `${describeCode(first.error)} at line ${line}, column ${column}`;
}

function describeCode(code: ParseErrorCode): string {
  const words = printParseErrorCode(code)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.replace(/^invalid symbol$/, 'unexpected character');
}
