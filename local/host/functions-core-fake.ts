// A stand-in for the `@azure/functions-core` module the real Node worker provides. @azure/functions
// requires it lazily (src/utils/tryGetCoreApiLazy.ts) and calls `setProgrammingModel`,
// `registerFunction`, `registerHook` and `log`; answering those calls is how the host learns every
// function the app registers without a second list of them.
import Module from 'node:module';
import type { CoreFunctionMetadata, Registry } from './registry.js';
import type { FunctionHandler } from './types.js';

const coreModuleName = '@azure/functions-core';

interface ModuleInternals {
  _load: (this: unknown, request: string, parent: unknown, isMain: boolean) => unknown;
}

class Disposable {
  readonly #onDispose: () => void;
  constructor(onDispose: () => void) {
    this.#onDispose = onDispose;
  }
  dispose(): void {
    this.#onDispose();
  }
}

function createFakeCore(registry: Registry, log: (level: string, message: string) => void) {
  let programmingModel: unknown;
  return {
    Disposable,
    setProgrammingModel(model: unknown): void {
      programmingModel = model;
    },
    getProgrammingModel(): unknown {
      return programmingModel;
    },
    registerFunction(metadata: CoreFunctionMetadata, handler: FunctionHandler): Disposable {
      registry.add(metadata, handler);
      return new Disposable(() => undefined);
    },
    registerHook(name: string, callback: (context: unknown) => unknown): Disposable {
      registry.addHook(name, callback);
      return new Disposable(() => undefined);
    },
    log(level: string, _category: string, message: string): void {
      log(level, message);
    },
  };
}

let installed: Registry | undefined;

/**
 * Makes `require('@azure/functions-core')` return a fake bound to `registry`. Idempotent: the
 * module is process-global, so the first registry installed stays the one that captures.
 */
export function installFakeCore(
  registry: Registry,
  log: (level: string, message: string) => void,
): Registry {
  if (installed) return installed;
  const fake = createFakeCore(registry, log);
  const internals = Module as unknown as ModuleInternals;
  const originalLoad = internals._load;
  internals._load = function load(request, parent, isMain) {
    if (request === coreModuleName) return fake;
    return originalLoad.call(this, request, parent, isMain);
  };
  installed = registry;
  return registry;
}
