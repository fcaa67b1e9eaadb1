// Tools from Debian that some tests need. On a developer's machine a missing tool skips those
// tests with the command that installs it; in CI (`CI=true`, set by .ci/run) it fails them, so a
// broken install can never turn into green runs that tested nothing.
import { spawnSync } from 'node:child_process';

const TOOLS = {
  pebble: { command: 'pebble', install: 'apt-get install pebble' },
  nginx: { command: 'nginx', install: 'apt-get install nginx-light' },
  chromium: { command: 'chromium', install: 'apt-get install chromium' },
  // Debian puts the server's tools under a versioned directory, not on PATH (test/support/postgres.ts).
  postgres: { command: '/usr/lib/postgresql/*/bin/pg_ctl', install: 'apt-get install postgresql' },
} as const;

export type Tool = keyof typeof TOOLS;

/** The tool's path, or undefined when it is not on PATH. */
export function toolPath(tool: Tool): string | undefined {
  // Debian puts nginx in /usr/sbin, which a non-root PATH may lack.
  const found = spawnSync('sh', ['-c', `command -v ${TOOLS[tool].command}`], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` },
  });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/**
 * `false` when the tools are installed, else the reason to skip (for `describe`/`test`'s `skip`);
 * under CI it throws instead, failing the test file with what is missing.
 */
export function skipWithout(...tools: Tool[]): false | string {
  const missing = tools.filter((t) => !toolPath(t));
  if (missing.length === 0) return false;
  const how = missing.map((t) => `${t} (${TOOLS[t].install})`).join(', ');
  if (process.env.CI) throw new Error(`CI must have ${how}: npm run check installs it as root`);
  return `not installed: ${how}; npm run check installs it as root`;
}
