// Runs one registered handler with an InvocationContext from @azure/functions itself, and writes
// the invocation's single log line.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { InvocationContext } from './azure-functions.js';
import type {
  InvocationContext as InvocationContextType,
  InvocationContextInit,
} from '@azure/functions';
import { errorMessage, formatInvocation } from './logs.js';
import type { FunctionRegistration, HostLogger } from './types.js';

export type InvocationResult =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

export interface InvokeOptions {
  readonly logger: HostLogger;
  /** Values of extra input bindings by binding name (for example the durable client data). */
  readonly extraInputs?: Readonly<Record<string, unknown>>;
  readonly triggerMetadata?: Record<string, unknown>;
  /** Log only failures (the bench turns per-invocation lines off this way). */
  readonly quiet?: boolean;
  /** Called with the context before the handler gets it (the replay watches `context.df`). */
  readonly prepareContext?: (context: InvocationContextType) => void;
}

export async function invoke(
  fn: FunctionRegistration,
  triggerInput: unknown,
  options: InvokeOptions,
): Promise<InvocationResult> {
  const invocationId = randomUUID();
  const context = createContext(fn, invocationId, options);
  options.prepareContext?.(context);
  const started = performance.now();
  let result: InvocationResult;
  try {
    result = { ok: true, value: await fn.handler(triggerInput, context) };
  } catch (error) {
    result = { ok: false, error };
  }
  const record = {
    functionName: fn.name,
    invocationId,
    durationMs: performance.now() - started,
    outcome: result.ok ? ('Succeeded' as const) : ('Failed' as const),
    ...(result.ok ? {} : { error: errorMessage(result.error) }),
  };
  if (!options.quiet || !result.ok) {
    if (result.ok) options.logger.info(formatInvocation(record));
    else options.logger.error(formatInvocation(record));
  }
  return result;
}

function createContext(
  fn: FunctionRegistration,
  invocationId: string,
  options: InvokeOptions,
): InvocationContextType {
  const init: InvocationContextInit = {
    invocationId,
    functionName: fn.name,
    logHandler: (level, ...args) => {
      const line = `[${fn.name}] ${args.map((a) => (typeof a === 'string' ? a : errorMessage(a))).join(' ')}`;
      if (level === 'error' || level === 'warning') options.logger.error(line);
      else options.logger.info(line);
    },
    triggerMetadata: options.triggerMetadata ?? {},
    options: {
      trigger: fn.trigger,
      extraInputs: fn.extraInputs as never,
      extraOutputs: fn.extraOutputs as never,
      return: fn.returnBinding as never,
    },
  };
  const context = new InvocationContext(init);
  for (const [name, value] of Object.entries(options.extraInputs ?? {})) {
    context.extraInputs.set(name, value);
  }
  return context;
}
