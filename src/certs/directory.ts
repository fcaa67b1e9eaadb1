/** ACME directory URLs of the spec's shorthands (https://letsencrypt.org/docs/acme-protocol-updates/). */
export const ACME_DIRECTORIES = {
  letsencrypt: 'https://acme-v02.api.letsencrypt.org/directory',
  'letsencrypt-staging': 'https://acme-staging-v02.api.letsencrypt.org/directory',
} as const;

/** The directory to use: the app-wide override (Pebble locally), else the spec's. */
export function acmeDirectoryUrl(specDirectory: string, override: string | undefined): string {
  if (override) return override;
  return specDirectory in ACME_DIRECTORIES
    ? ACME_DIRECTORIES[specDirectory as keyof typeof ACME_DIRECTORIES]
    : specDirectory;
}
