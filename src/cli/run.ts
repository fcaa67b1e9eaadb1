// Process entry of the CLI: bin/aci-vnet-sidecars.js loads the compiled copy of this file, and
// `node --import tsx src/cli/run.ts` runs it from source.
import { runCli } from './main.js';

process.exitCode = await runCli(process.argv.slice(2));
