/**
 * The composition root: settings are read and validated once, from the environment, and every
 * service is built from them. Functions ask for the settings or the services; nothing else reads
 * process.env.
 */

import { connect } from './azure/connection.js';
import { trustAcmeCa } from './certs/acme-module.js';
import { AppError } from './errors.js';
import { createAppServices, type AppServices } from './services.js';
import { readSettings, type AppSettings } from './settings.js';
import { formatProblems } from './spec/index.js';
import { startTelemetry, telemetrySink } from './telemetry/export.js';

let settings: AppSettings | undefined;
let services: AppServices | undefined;

export function appSettings(env: Record<string, string | undefined> = process.env): AppSettings {
  if (settings) return settings;
  const result = readSettings(env);
  if (!result.ok) {
    throw new AppError(
      'validation',
      'InvalidSettings',
      `the app settings are not valid:\n${formatProblems(result.problems)}`,
    );
  }
  settings = result.settings;
  return settings;
}

/** Starts the app's telemetry export (once) and resolves when it is registered. */
export async function appTelemetry(
  env: Record<string, string | undefined> = process.env,
): Promise<void> {
  await startTelemetry(appSettings(env).applicationInsights, writeLine);
}

const writeLine = (line: string) => console.log(line);

export function appServices(env: Record<string, string | undefined> = process.env): AppServices {
  if (services) return services;
  const current = appSettings(env);
  if (current.caFile) trustAcmeCa(current.caFile);
  // Not awaited here: an activity waits for it before its span starts (telemetryReady).
  void startTelemetry(current.applicationInsights, writeLine);
  const log = telemetrySink(writeLine);
  const connection = connect(current, {
    onRetry: (e) =>
      log(`retrying ${e.method} ${e.path} in ${e.delayMs} ms (attempt ${e.retry}): ${e.reason}`),
  });
  services = createAppServices(current, connection, log);
  return services;
}
