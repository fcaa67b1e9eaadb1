// A local host in its own process, for the crash test: node --import tsx host-child.ts STATE RECORDS
// Prints "READY <url>" once it listens.
import { startHost } from '../../../local/host/index.js';
import { fixtureRoot } from './helpers.js';

const [stateDir, recordDir] = process.argv.slice(2);
if (!stateDir || !recordDir) throw new Error('usage: host-child.ts STATE_DIR RECORD_DIR');
process.env.FIXTURE_RECORD_DIR = recordDir;
const host = await startHost({ appRoot: fixtureRoot, stateDir, port: 0, runTimers: false });
process.stdout.write(`READY ${host.url}\n`);
