// What the app registered, captured once through the fake `@azure/functions-core`. The registry
// is the host's only list of functions: routes, schedules and durable names all come from it.
import type {
  BindingMetadata,
  FunctionHandler,
  FunctionRegistration,
  TriggerKind,
} from './types.js';

const kindByTriggerType: Record<string, TriggerKind> = {
  httpTrigger: 'http',
  timerTrigger: 'timer',
  eventGridTrigger: 'eventGrid',
  orchestrationTrigger: 'orchestration',
  activityTrigger: 'activity',
};

/** The core metadata shape @azure/functions passes to `registerFunction`. */
export interface CoreFunctionMetadata {
  readonly name: string;
  readonly bindings: Record<string, BindingMetadata>;
}

export type HookCallback = (context: unknown) => unknown;

export class Registry {
  readonly #functions = new Map<string, FunctionRegistration>();
  readonly #hooks = new Map<string, HookCallback[]>();

  add(metadata: CoreFunctionMetadata, handler: FunctionHandler): void {
    const key = metadata.name.toLowerCase();
    if (this.#functions.has(key)) {
      throw new Error(
        `A function named "${metadata.name}" is already registered; names must be unique.`,
      );
    }
    this.#functions.set(key, toRegistration(metadata, handler));
  }

  addHook(name: string, callback: HookCallback): void {
    this.#hooks.set(name, [...(this.#hooks.get(name) ?? []), callback]);
  }

  hooks(name: string): readonly HookCallback[] {
    return this.#hooks.get(name) ?? [];
  }

  /** Function names are case-insensitive, as in the Functions host. */
  get(name: string): FunctionRegistration | undefined {
    return this.#functions.get(name.toLowerCase());
  }

  all(): FunctionRegistration[] {
    return [...this.#functions.values()];
  }

  ofKind(kind: TriggerKind): FunctionRegistration[] {
    return this.all().filter((f) => f.kind === kind);
  }
}

function toRegistration(
  metadata: CoreFunctionMetadata,
  handler: FunctionHandler,
): FunctionRegistration {
  const entries = Object.entries(metadata.bindings).map(([name, b]) => ({ ...b, name }));
  const trigger = entries.find((b) => b.type.endsWith('Trigger'));
  if (!trigger) throw new Error(`Function "${metadata.name}" has no trigger binding.`);
  const returnBinding = entries.find((b) => b.name === '$return');
  const others = entries.filter((b) => b !== trigger && b !== returnBinding);
  return {
    name: metadata.name,
    kind: kindByTriggerType[trigger.type] ?? 'other',
    trigger,
    extraInputs: others.filter((b) => b.direction === 'in'),
    extraOutputs: others.filter((b) => b.direction === 'out'),
    returnBinding,
    handler,
  };
}
