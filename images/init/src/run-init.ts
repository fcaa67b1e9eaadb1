// One run of the init container: prepare the group's shared volume for the nginx sidecar.
import { AppError } from '../../../src/errors.js';
import type { FileToWrite } from '../../shared/atomic-write.js';
import type { InitConfig } from './config.js';
import { nginxConfProblems } from './nginx-conf-check.js';

/** The file system, injected so that tests need no root to check ownership. */
export interface InitDeps {
  mkdir: (dir: string) => Promise<void>;
  writeFile: (dir: string, file: FileToWrite) => Promise<void>;
  chown: (path: string, uid: number, gid: number) => Promise<void>;
  log: (line: string) => void;
}

export interface InitResult {
  files: string[];
  ownedBy: string | undefined;
}

/**
 * Prepares TLS_DIR: the directory, nginx.conf (checked first), and its owner, so that the sidecar
 * can write the certificate it fetches. ACI init containers have no managed identity and no IP
 * (MicrosoftDocs/azure-docs PR #101684), so this makes no network call at all: the certificate
 * comes from the sidecar, the group's DNS record from the app.
 */
export async function runInit(config: InitConfig, deps: InitDeps): Promise<InitResult> {
  const problems = nginxConfProblems(config.nginxConf, config.tlsDir, config.tlsPort);
  if (problems.length > 0) {
    throw new AppError(
      'validation',
      'NginxConfInvalid',
      `NGINX_CONF_BASE64 is not a usable nginx.conf: ${problems.join('; ')}`,
    );
  }
  try {
    await deps.mkdir(config.tlsDir);
    await deps.writeFile(config.tlsDir, {
      name: 'nginx.conf',
      content: config.nginxConf,
      mode: 0o644,
    });
    const owner = config.sidecarUser;
    if (owner) await deps.chown(config.tlsDir, owner.uid, owner.gid);
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
    throw new AppError(
      'unexpected',
      'TlsDirUnwritable',
      `cannot prepare TLS_DIR ${config.tlsDir} (${code}); mount the shared emptyDir volume there, writable`,
      { cause: error },
    );
  }
  const ownedBy = config.sidecarUser
    ? `${config.sidecarUser.uid}:${config.sidecarUser.gid}`
    : undefined;
  deps.log(
    `init: wrote nginx.conf to ${config.tlsDir}${ownedBy ? `, owned by ${ownedBy} for the sidecar` : ''}`,
  );
  return { files: ['nginx.conf'], ownedBy };
}
