// The sidecar image runs nginx from nginx:stable-alpine (past 1.25.1, `http2 on;`); the local
// runtime runs Debian's, which may be older and know only `listen … ssl http2`. The conf the
// init container writes is moved to the form the installed nginx reads; nothing else changes.
import { spawnSync } from 'node:child_process';

/** `http2 on;` appeared in nginx 1.25.1. */
const DIRECTIVE_SINCE = [1, 25, 1] as const;

/** Whether an `nginx -v` line names a version that reads `http2 on;`; undefined when unreadable. */
export function readsHttp2Directive(versionLine: string): boolean | undefined {
  const match = /nginx\/(\d+)\.(\d+)\.(\d+)/.exec(versionLine);
  if (!match) return undefined;
  const parts = match.slice(1, 4).map(Number);
  for (const [i, since] of DIRECTIVE_SINCE.entries()) {
    const part = parts[i] ?? 0;
    if (part !== since) return part > since;
  }
  return true;
}

/** The installed nginx's answer, asked once; undefined without nginx. */
export function installedNginxReadsHttp2Directive(path: string): boolean | undefined {
  const result = spawnSync('nginx', ['-v'], { encoding: 'utf8', env: { PATH: path } });
  return readsHttp2Directive(`${result.stderr ?? ''}${result.stdout ?? ''}`);
}

/** `http2 on;` → `listen … ssl http2` for an nginx older than 1.25.1. */
export function http2AsListenParameter(conf: string): string {
  if (!/^\s*http2\s+on;\s*$/m.test(conf)) return conf;
  return conf
    .replace(/^\s*http2\s+on;\s*\n/gm, '')
    .replace(/^(\s*listen\s+\S+\s+ssl)(?![^;]*\bhttp2\b)/gm, '$1 http2');
}
