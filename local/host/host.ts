// Composition root of the local host: settings, app loading, triggers, durable engine, server.
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { createAdmin } from './admin.js';
import { durableClientData, webhookPath } from './durable/client-data.js';
import { createClientApi } from './durable/client-api.js';
import { DurableEngine } from './durable/engine.js';
import { HistoryStore } from './durable/history-store.js';
import { createEventGridWebhook } from './eventgrid-trigger.js';
import { readHostConfig } from './host-config.js';
import { createHttpTrigger, httpRoutes } from './http-trigger.js';
import type { HostRequest, HostResponse } from './http-types.js';
import { textResponse } from './http-types.js';
import { loadApp, resolveEntryPoint } from './loader.js';
import { consoleLogger, errorMessage } from './logs.js';
import { resolveMasterKey } from './master-key.js';
import type { Registry } from './registry.js';
import { listen } from './server.js';
import { applySettings, readLocalSettings } from './settings.js';
import { TimerRunner } from './timer-trigger.js';
import type { FunctionRegistration, HostHandle, HostLogger, HostOptions } from './types.js';

const clientInputTypes = new Set(['durableClient', 'orchestrationClient']);

export async function startHost(options: HostOptions = {}): Promise<HostHandle> {
  const appRoot = resolve(options.appRoot ?? process.cwd());
  const logger = options.logger ?? consoleLogger();
  const clock = options.clock ?? { now: () => new Date() };
  const settings = readLocalSettings(appRoot);
  applySettings(settings, process.env);
  const config = readHostConfig(appRoot);
  const registry = await loadApp(resolveEntryPoint(appRoot, options.entryPoint), logger);
  const stateDir = resolve(appRoot, options.stateDir ?? '.state/host');
  // Resolved before the port opens, so whoever sees the host answer can read its key file.
  const master = resolveMasterKey(settings.keys.master, stateDir);
  const keys = { ...settings.keys, master: master.key };
  let route: (req: HostRequest) => Promise<HostResponse> = () =>
    Promise.resolve(textResponse(503, 'Starting.'));
  const server = await listen(options.port ?? settings.port ?? 7071, (req) => route(req), logger);
  // A start-up failure after the port is open (a bad schedule, a failing hook) must not leave a
  // server answering 503 forever: close what was started and report the failure.
  let engine: DurableEngine | undefined;
  let timers: TimerRunner | undefined;
  try {
    const origin = `http://127.0.0.1:${server.port}`;
    // durable-functions rewrites client URLs to localhost:7071 unless WEBSITE_HOSTNAME is set.
    process.env.WEBSITE_HOSTNAME = `127.0.0.1:${server.port}`;
    const clientData = durableClientData(origin, config.hubName, keys.master);
    const inputsFor = (fn: FunctionRegistration) =>
      Object.fromEntries(
        fn.extraInputs.filter((b) => clientInputTypes.has(b.type)).map((b) => [b.name, clientData]),
      );
    engine = new DurableEngine({
      registry,
      store: new HistoryStore(stateDir),
      clock,
      logger,
      inputsFor,
    });
    timers = new TimerRunner({
      functions: registry.ofKind('timer'),
      stateDir,
      clock,
      logger,
      inputsFor,
    });
    route = createRouter({
      routePrefix: config.routePrefix,
      http: createHttpTrigger({
        functions: registry.ofKind('http'),
        keys,
        logger,
        inputsFor,
      }),
      // Configured keys only: the webhook URL is an app setting written before a key is generated.
      eventGrid: createEventGridWebhook({ registry, keys: settings.keys, logger, inputsFor }),
      durable: createClientApi({
        engine,
        registry,
        keys,
        hubName: config.hubName,
        newInstanceId,
      }),
      admin: createAdmin({ registry, keys, timers, logger, inputsFor }),
    });
    await runHooks(registry, 'appStart', logger);
    engine.resumeAll();
    if (options.runTimers !== false) await timers.start();
    printFunctions(registry, origin, config.routePrefix, logger);
    if (master.file) logger.info(`Master key (for /admin and Durable routes) in ${master.file}`);
  } catch (error) {
    timers?.stop();
    await engine?.stop();
    await server.close();
    throw error;
  }
  const origin = `http://127.0.0.1:${server.port}`;
  const startedEngine = engine;
  const startedTimers = timers;
  const stop = async () => {
    startedTimers.stop();
    await startedEngine.stop();
    await server.close();
    await runHooks(registry, 'appTerminate', logger);
  };
  return {
    url: origin,
    port: server.port,
    stateDir,
    masterKeyFile: master.file,
    functions: registry.all(),
    stop,
  };
}

interface Routes {
  readonly routePrefix: string;
  readonly http: (req: HostRequest, path: string) => Promise<HostResponse>;
  readonly eventGrid: (req: HostRequest) => Promise<HostResponse>;
  readonly durable: (req: HostRequest) => HostResponse;
  readonly admin: (req: HostRequest) => Promise<HostResponse>;
}

function createRouter(r: Routes) {
  const prefix = r.routePrefix ? `/${r.routePrefix}` : '';
  return async (req: HostRequest): Promise<HostResponse> => {
    const path = req.url.pathname;
    if (path === '/runtime/webhooks/eventgrid') return r.eventGrid(req);
    if (path === webhookPath || path.startsWith(`${webhookPath}/`)) return r.durable(req);
    if (path === '/admin' || path.startsWith('/admin/')) return r.admin(req);
    if (prefix === '') return r.http(req, path);
    if (
      path.toLowerCase() === prefix.toLowerCase() ||
      path.toLowerCase().startsWith(`${prefix.toLowerCase()}/`)
    ) {
      return r.http(req, path.slice(prefix.length));
    }
    return Promise.resolve(textResponse(404, 'Not Found'));
  };
}

function newInstanceId(): string {
  return randomUUID().replace(/-/g, '');
}

async function runHooks(registry: Registry, name: 'appStart' | 'appTerminate', logger: HostLogger) {
  for (const hook of registry.hooks(name)) {
    try {
      await hook({ hookData: {}, appHookData: {} });
    } catch (err) {
      logger.error(`${name} hook failed: ${errorMessage(err)}`);
    }
  }
}

function printFunctions(registry: Registry, origin: string, prefix: string, logger: HostLogger) {
  logger.info(`Functions host listening on ${origin}`);
  for (const route of httpRoutes(registry.ofKind('http'))) {
    const methods = Array.isArray(route.target.trigger.methods)
      ? route.target.trigger.methods.join(',')
      : 'GET,POST';
    logger.info(
      `  ${route.target.name}: [${methods}] ${origin}${prefix ? `/${prefix}` : ''}/${route.template}`,
    );
  }
  for (const fn of registry.all().filter((f) => f.kind !== 'http')) {
    const note = fn.kind === 'other' ? ' (not run by the local host)' : '';
    logger.info(`  ${fn.name}: ${fn.trigger.type}${note}`);
  }
}
