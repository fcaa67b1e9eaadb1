// Option parsing and signal handling shared by the CLI's subcommands.
import type { Command } from 'commander';
import { CliUsageError } from './io.js';

/**
 * `--fresh-subscription` (the default) and `--no-fresh-subscription`: whether the emulator's
 * subscriptions start as a new Azure subscription does, with only Azure's default resource
 * providers registered, so that every other namespace must be registered before a write.
 */
export function addFreshSubscriptionOptions(command: Command): Command {
  return command
    .option(
      '--fresh-subscription',
      "start every subscription with only Azure's default resource providers registered (default)",
      true,
    )
    .option(
      '--no-fresh-subscription',
      'start every subscription with every resource provider registered',
    );
}

/** Parses a `--port`-style value; 0 means "pick a free port". */
export function parsePort(name: string, value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(port) || port > 65_535) {
    throw new CliUsageError(`--${name} must be a port number from 0 to 65535, got "${value}".`);
  }
  return port;
}

/** `--poll-seconds`: how often a command reads a workflow's progress, in milliseconds. */
export function pollInterval(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 300) {
    throw new CliUsageError(
      `--poll-seconds must be a number of seconds from 0 to 300, got "${value}"`,
    );
  }
  return Math.round(seconds * 1000);
}

/** Resolves on the first SIGINT or SIGTERM: long-running commands then stop what they started. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const done = (signal: NodeJS.Signals) => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve(signal);
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
