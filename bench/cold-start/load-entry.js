// One cold start, as the Azure Functions Node.js worker makes it: serve `@azure/functions-core` to
// `require` (the worker's setupCoreModule proxies Module.prototype.require the same way), import
// the entry, which registers every function, and report what it registered. Plain JavaScript, run
// by a fresh `node` without tsx, so that nothing but the entry is measured.
// With --preload=a,b the packages named are imported first: the entry as it was before its
// adapters imported their SDK packages on first use (src/azure/on-first-use.ts).
// Usage: node bench/cold-start/load-entry.js [--preload=pkg,...] <entry.js>
import Module from 'node:module';
import { pathToFileURL } from 'node:url';

const registered = [];
const disposable = { dispose() {} };
const core = {
  Disposable: class {
    dispose() {}
  },
  setProgrammingModel() {},
  getProgrammingModel() {
    return undefined;
  },
  registerFunction(metadata) {
    registered.push(metadata.name);
    return disposable;
  },
  registerHook() {
    return disposable;
  },
  log() {},
};

Module.prototype.require = new Proxy(Module.prototype.require, {
  apply(target, thisArg, args) {
    return args[0] === '@azure/functions-core' ? core : Reflect.apply(target, thisArg, args);
  },
});

const args = process.argv.slice(2);
const entry = args.find((a) => !a.startsWith('--'));
if (!entry) {
  process.stderr.write(
    'usage: node bench/cold-start/load-entry.js [--preload=pkg,...] <entry.js>\n',
  );
  process.exit(2);
}
const preload = args.find((a) => a.startsWith('--preload='))?.slice('--preload='.length);
for (const name of preload ? preload.split(',') : []) await import(name);
await import(pathToFileURL(entry).href);
process.stdout.write(`${JSON.stringify({ registered: registered.sort() })}\n`);
// Timers or sockets a module may have opened do not count: the start-up is over.
process.exit(0);
