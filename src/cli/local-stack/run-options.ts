// The options `start` and `demo` share, checked before anything starts: a bad spec exits 2
// with its problem list, as `plan` does.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { EnvironmentSpec } from '../../spec/index.js';
import { CliUsageError } from '../io.js';
import { addFreshSubscriptionOptions, parsePort } from '../options.js';
import { readSpecFile } from '../read-spec.js';

export interface RawRunOptions {
  readonly spec: string;
  readonly port: string;
  readonly stateDir: string;
  readonly timeScale: string;
  readonly freshSubscription: boolean;
}

export interface RunOptions {
  readonly specFile: string;
  readonly spec: EnvironmentSpec;
  /** The spec as written: what is POSTed, exactly as a user would send it. */
  readonly specBody: unknown;
  readonly port: number;
  readonly stateDir: string;
  readonly timeScale: number;
  /** The emulator's subscription starts with only Azure's default namespaces registered. */
  readonly freshSubscription: boolean;
}

export function addRunOptions(command: Command, defaultTimeScale: string): Command {
  return addFreshSubscriptionOptions(
    command
      .option('--spec <file>', 'environment spec (JSON) to deploy', 'examples/full.json')
      .option('--port <port>', 'Functions host port on 127.0.0.1 (0 picks a free one)', '7071')
      .option('--state-dir <dir>', 'where certificates, settings and logs live', '.state')
      .option('--time-scale <factor>', "multiplies Azure's typical latencies", defaultTimeScale),
  );
}

export async function readRunOptions(raw: RawRunOptions): Promise<RunOptions> {
  const port = parsePort('port', raw.port);
  const timeScale = Number(raw.timeScale);
  if (!/^\d*\.?\d+(e-?\d+)?$/i.test(raw.timeScale) || !Number.isFinite(timeScale)) {
    throw new CliUsageError(`--time-scale must be a number >= 0, got "${raw.timeScale}".`);
  }
  const spec = await readSpecFile(raw.spec);
  const specBody = JSON.parse(await readFile(raw.spec, 'utf8')) as unknown;
  return {
    specFile: raw.spec,
    spec,
    specBody,
    port,
    stateDir: raw.stateDir,
    timeScale,
    freshSubscription: raw.freshSubscription,
  };
}
