// Process entry of the CLI: bin/aci-vnet-sidecars.js loads the compiled copy of this file, and
// `node --import tsx src/cli/run.ts` runs it from source.
import { runCli } from './main.js';

// `aci-vnet-sidecars plan … | head` closes the pipe early; that is not an error worth a trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2));
