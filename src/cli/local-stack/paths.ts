// Where the CLI's own code lives, so `start` can run the emulator and the host as child processes
// the same way it runs itself: the compiled copy from dist/ (what `npm start` builds), hosting the
// Functions app as it ships (the bundle, package.json "main"), or the TypeScript sources through
// tsx when it was started with `node --import tsx src/cli/run.ts`.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CodeLayout {
  /** The repository: host.json, examples/, images/. */
  readonly packageRoot: string;
  /** `node` arguments that run the CLI, before its command name. */
  readonly cliArgs: readonly string[];
  /** The Functions app's entry point (the bundle package.json "main" names, or the source). */
  readonly functionsEntry: string;
}

/** `here` is this module's URL: dist/src/cli/local-stack/*.js or src/cli/local-stack/*.ts. */
export function codeLayout(here: string = import.meta.url): CodeLayout {
  const file = fileURLToPath(here);
  const codeRoot = join(dirname(file), '..', '..', '..');
  const compiled = file.endsWith('.js');
  const packageRoot = compiled ? dirname(codeRoot) : codeRoot;
  const extension = compiled ? 'js' : 'ts';
  const run = join(codeRoot, 'src', 'cli', `run.${extension}`);
  return {
    packageRoot,
    // tsx resolved from here, not from the child's working directory (the generated app folder).
    cliArgs: compiled ? [run] : ['--import', import.meta.resolve('tsx'), run],
    functionsEntry: compiled
      ? join(packageRoot, packageMain(packageRoot))
      : join(codeRoot, 'functions', 'index.ts'),
  };
}

/** package.json "main": the entry Azure's Functions worker loads (`npm run build` makes it). */
function packageMain(packageRoot: string): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
    main?: unknown;
  };
  if (typeof pkg.main !== 'string') throw new Error('package.json names no "main" entry point');
  return pkg.main;
}

/** Fails early, with the fix, when the compiled app is missing next to the compiled CLI. */
export function missingFiles(layout: CodeLayout): string[] {
  return [layout.functionsEntry, join(layout.packageRoot, 'host.json')].filter(
    (f) => !existsSync(f),
  );
}
