// The web container's entry: the only file that reads the environment or opens a port.
import { fileURLToPath } from 'node:url';
import { boundPort, closeOnSignals, portFrom, serve } from '../../shared/serve.js';
import { createWebApp } from './app.js';
import { loadStaticFiles } from './static-files.js';

// In the image, public/ sits beside the bundled main.js.
const publicDir = process.env.PUBLIC_DIR ?? fileURLToPath(new URL('./public', import.meta.url));
const port = portFrom(process.env.PORT, 80);
const server = await serve(createWebApp(loadStaticFiles(publicDir)), { port });
closeOnSignals(server);
process.stdout.write(`web: serving ${publicDir} on port ${boundPort(server)}\n`);
