// The sidecar's job: the certificate from Key Vault, then nginx in the foreground, then refreshes.
import {
  certificateFromSecret,
  describeVersion,
  installCertificate,
  readSecret,
  type CertificateVersion,
} from './certificate.js';
import type { SidecarConfig } from './config.js';
import { signalNginx, startNginx, type RunningProcess } from './nginx.js';
import { refreshLoop, type RefreshDeps } from './refresh.js';
import { backoffMs } from './timing.js';

export type SidecarDeps = RefreshDeps;

/**
 * Reads the certificate until Key Vault answers, retrying with capped exponential backoff: a
 * group often starts before its identity's role assignment reaches the vault's data plane
 * (https://learn.microsoft.com/azure/role-based-access-control/troubleshooting#symptom---role-assignment-changes-are-not-being-detected).
 * A certificate that Key Vault returns but that is unusable throws: retrying cannot fix it.
 * Undefined when `stop` aborts first.
 */
async function firstCertificate(
  config: SidecarConfig,
  deps: SidecarDeps,
  stop: AbortSignal,
): Promise<CertificateVersion | undefined> {
  const name = config.certificateName;
  for (let attempt = 1; !stop.aborted; attempt++) {
    const read = await readSecret(deps.vault, name, config.vaultUrl);
    if (stop.aborted) return undefined;
    if (read.ok) return certificateFromSecret(read.secret, name, deps.now());
    const delay = backoffMs(attempt, deps.random);
    deps.log(
      `sidecar: cannot read certificate ${name} (attempt ${attempt}): ${read.reason}; nginx is not started without it, retrying in ${Math.round(delay / 1000)} s`,
    );
    await deps.sleep(delay, stop);
  }
  return undefined;
}

/** `nginx -s quit`, or SIGQUIT (the same graceful stop) when the command cannot reach nginx. */
async function quit(config: SidecarConfig, deps: SidecarDeps, nginx: RunningProcess) {
  deps.log('sidecar: stopping nginx gracefully (nginx -s quit)');
  try {
    await signalNginx(deps.runner, config.nginxConfPath, 'quit');
  } catch (error) {
    deps.log(`sidecar: ${(error as Error).message}; sending SIGQUIT instead`);
    nginx.signal('SIGQUIT');
  }
}

/**
 * Writes the certificate, starts nginx and keeps the certificate fresh until nginx exits; `stop`
 * (SIGTERM) quits nginx gracefully and waits for it. Resolves with the exit code for the container:
 * nginx's own, or 0 when stopped before nginx started. Throws an AppError when the certificate in
 * Key Vault is unusable or TLS_DIR cannot be written.
 */
export async function runSidecar(
  config: SidecarConfig,
  deps: SidecarDeps,
  stop: AbortSignal,
): Promise<number> {
  const first = await firstCertificate(config, deps, stop);
  if (first) {
    await installCertificate(config.tlsDir, first.files);
    deps.log(
      `sidecar: certificate ${config.certificateName} ${describeVersion(first.version, first.files.leaf)} written to ${config.tlsDir}`,
    );
  }
  if (!first || stop.aborted) {
    deps.log('sidecar: stopped before nginx was started');
    return 0;
  }
  const nginx = startNginx(deps.runner, config.nginxConfPath);
  deps.log(`sidecar: nginx started with ${config.nginxConfPath}`);
  const onStop = () => void quit(config, deps, nginx);
  stop.addEventListener('abort', onStop, { once: true });
  const nginxGone = new AbortController();
  const serving = { version: first.version, leaf: first.files.leaf };
  const refreshing = refreshLoop(config, deps, serving, AbortSignal.any([stop, nginxGone.signal]));
  const exit = await nginx.exited;
  nginxGone.abort();
  stop.removeEventListener('abort', onStop);
  await refreshing;
  deps.log(`sidecar: nginx exited (${exit.description}); the sidecar exits ${exit.code}`);
  return exit.code;
}
