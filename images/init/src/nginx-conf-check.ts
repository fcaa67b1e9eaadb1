// What the init container checks in the nginx.conf it is given before writing it: the sidecar
// starts nginx on it, so a broken file would only show as a crash loop.
import { join } from 'node:path';

/**
 * The problems of an nginx.conf for this volume, empty when it is usable: balanced braces, an
 * `events` and an `http` block, TLS on `tlsPort` (443), and the certificate and key read from TLS_DIR, where
 * the sidecar writes them. Pure.
 */
export function nginxConfProblems(conf: string, tlsDir: string, tlsPort = 443): string[] {
  const problems: string[] = [];
  let depth = 0;
  for (const char of conf.replace(/#[^\n]*/g, '')) {
    if (char === '{') depth++;
    if (char === '}') depth--;
    if (depth < 0) break;
  }
  if (depth !== 0) problems.push('its braces do not balance');
  if (!/(^|\s)events\s*\{/.test(conf)) problems.push('it has no events block');
  if (!/(^|\s)http\s*\{/.test(conf)) problems.push('it has no http block');
  // `listen 443 ssl`, or with an address (`listen 127.168.1.4:10443 ssl` in the local runtime).
  if (!new RegExp(`listen\\s+(\\[::\\]:|[\\d.]+:)?${tlsPort}\\s+ssl`).test(conf))
    problems.push(`it does not listen on ${tlsPort} with TLS`);
  for (const [directive, file] of [
    ['ssl_certificate', 'tls.crt'],
    ['ssl_certificate_key', 'tls.key'],
  ] as const) {
    const wanted = join(tlsDir, file);
    if (!new RegExp(`${directive}\\s+${escape(wanted)};`).test(conf))
      problems.push(`${directive} is not ${wanted}, where the sidecar writes it`);
  }
  return problems;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
