import { connect } from './azure/connection.js';
import { trustAcmeCa } from './certs/acme-trust.js';
import { AppError } from './errors.js';
import { createServices, type ProvisioningServices } from './provisioning/services.js';
import { readSettings } from './settings.js';
import { formatProblems } from './spec/index.js';

/**
 * The composition root: settings are read and validated once, from the environment, and every
 * service is built from them. Functions ask for the services; nothing else reads process.env.
 */
let services: ProvisioningServices | undefined;

export function appServices(
  env: Record<string, string | undefined> = process.env,
): ProvisioningServices {
  if (services) return services;
  const result = readSettings(env);
  if (!result.ok) {
    throw new AppError(
      'validation',
      'InvalidSettings',
      `the app settings are not valid:\n${formatProblems(result.problems)}`,
    );
  }
  const settings = result.settings;
  if (settings.caFile) trustAcmeCa(settings.caFile);
  const log = (line: string) => console.log(line);
  const connection = connect(settings, {
    onRetry: (e) =>
      log(`retrying ${e.method} ${e.path} in ${e.delayMs} ms (attempt ${e.retry}): ${e.reason}`),
  });
  services = createServices(settings, connection, log);
  return services;
}
