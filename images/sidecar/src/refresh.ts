// After start: ask Key Vault for the certificate's version every interval and roll a new one out.
import type { Vault } from '../../../src/azure/key-vault.js';
import { classifyFailure } from '../../../src/errors.js';
import {
  certificateFromSecret,
  describeVersion,
  installCertificate,
  readSecret,
  type CertificateVersion,
  type Serving,
} from './certificate.js';
import type { SidecarConfig } from './config.js';
import { signalNginx, type ProcessRunner } from './nginx.js';
import { jittered } from './timing.js';

export interface RefreshDeps {
  vault: Pick<Vault, 'getSecretVersion'>;
  runner: ProcessRunner;
  now: () => Date;
  random: () => number;
  /** Resolves after `ms`, or as soon as `signal` aborts. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  log: (line: string) => void;
}

export type RefreshOutcome =
  | { outcome: 'unchanged' | 'unreachable' | 'rejected' | 'failed' }
  | { outcome: 'replaced'; serving: Serving };

const failureLine = (error: unknown) => {
  const failure = classifyFailure(error);
  return `[${failure.kind}/${failure.code}] ${failure.message.replace(/\s+/g, ' ')}`;
};

/**
 * One check. An unchanged version costs one GET and nothing else. A new version is converted and
 * checked before anything is written; only then are the files swapped and nginx reloaded. On any
 * failure nginx keeps serving what it serves, and the next check tries again.
 */
export async function refreshOnce(
  config: SidecarConfig,
  deps: RefreshDeps,
  serving: Serving,
): Promise<RefreshOutcome> {
  const name = config.certificateName;
  const still = `still serving version ${serving.version}`;
  const read = await readSecret(deps.vault, name, config.vaultUrl);
  if (!read.ok) {
    deps.log(`sidecar: cannot read certificate ${name}: ${read.reason}; ${still}`);
    return { outcome: 'unreachable' };
  }
  if (read.secret.version === serving.version) {
    deps.log(`sidecar: certificate ${name} unchanged (version ${serving.version})`);
    return { outcome: 'unchanged' };
  }
  let next: CertificateVersion;
  try {
    next = certificateFromSecret(read.secret, name, deps.now());
  } catch (error) {
    deps.log(
      `sidecar: certificate ${name} version ${read.secret.version} rejected: ${failureLine(error)}; ${still}`,
    );
    return { outcome: 'rejected' };
  }
  try {
    await installCertificate(config.tlsDir, next.files);
    await signalNginx(deps.runner, config.nginxConfPath, 'reload');
  } catch (error) {
    deps.log(
      `sidecar: certificate ${name} version ${next.version} not rolled out: ${failureLine(error)}; nginx keeps serving version ${serving.version}, the next check tries again`,
    );
    return { outcome: 'failed' };
  }
  deps.log(
    `sidecar: certificate ${name} ${describeVersion(next.version, next.files.leaf)} installed; nginx reloaded`,
  );
  return { outcome: 'replaced', serving: { version: next.version, leaf: next.files.leaf } };
}

/** Checks every CHECK_INTERVAL_SECONDS ±10 % until `signal` aborts. Never throws. */
export async function refreshLoop(
  config: SidecarConfig,
  deps: RefreshDeps,
  first: Serving,
  signal: AbortSignal,
): Promise<void> {
  let serving = first;
  while (!signal.aborted) {
    await deps.sleep(jittered(config.checkIntervalMs, deps.random), signal);
    if (signal.aborted) return;
    try {
      const result = await refreshOnce(config, deps, serving);
      if (result.outcome === 'replaced') serving = result.serving;
    } catch (error) {
      deps.log(`sidecar: certificate check failed: ${failureLine(error)}`);
    }
  }
}
