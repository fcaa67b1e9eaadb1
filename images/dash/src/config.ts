// The dashboard's own environment, typed and checked at once: one run lists every problem. The
// database (images/shared/database/settings.ts) and Azure connection (src/settings.ts) settings
// are read by their own modules.

export interface DashboardConfig {
  environment: string;
  /** The app groups to show, read with the dashboard's Reader identity. */
  groupIds: string[];
  subscriptionId: string;
  /** The certificate whose expiry the page shows; undefined when neither variable is set. */
  certificate: { vaultUrl: string; name: string } | undefined;
}

export type DashboardConfigResult =
  { ok: true; config: DashboardConfig } | { ok: false; problems: string[] };

type Env = Record<string, string | undefined>;

function certificate(env: Env, problems: string[]): DashboardConfig['certificate'] {
  const vaultUrl = env.KEY_VAULT_URL?.trim() ?? '';
  const name = env.CERTIFICATE_NAME?.trim() ?? '';
  if (!vaultUrl && !name) return undefined;
  if (!/^https:\/\/[^\s/]+\/?$/.test(vaultUrl)) {
    problems.push('KEY_VAULT_URL must be the vault URL, https://<name>.vault.azure.net/');
  }
  if (!/^[0-9A-Za-z-]{1,127}$/.test(name)) {
    problems.push('CERTIFICATE_NAME must be a Key Vault object name (letters, digits, -)');
  }
  return { vaultUrl, name };
}

/** Reads and checks the dashboard's variables. Pure. */
export function readDashboardConfig(env: Env): DashboardConfigResult {
  const problems: string[] = [];
  const groupIds = (env.CONTAINER_GROUP_IDS ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  const subscriptionId = /^\/subscriptions\/([^/]+)\//i.exec(groupIds[0] ?? '')?.[1];
  if (!subscriptionId) {
    problems.push('CONTAINER_GROUP_IDS must list container group resource ids, comma-separated');
  }
  const cert = certificate(env, problems);
  if (problems.length > 0 || !subscriptionId) return { ok: false, problems };
  return {
    ok: true,
    config: {
      environment: env.ENVIRONMENT_NAME || 'environment',
      groupIds,
      subscriptionId,
      certificate: cert,
    },
  };
}
