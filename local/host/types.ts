// Shared shapes of the local host: what a captured registration looks like and the options and
// handle of `startHost`.

/** One binding as @azure/functions' `toCoreFunctionMetadata` hands it to the core API. */
export interface BindingMetadata {
  readonly name: string;
  readonly type: string;
  readonly direction?: string;
  readonly [key: string]: unknown;
}

/** The handler as the app registered it: (trigger input, InvocationContext) → result. */
export type FunctionHandler = (triggerInput: unknown, context: unknown) => unknown;

export type TriggerKind = 'http' | 'timer' | 'eventGrid' | 'orchestration' | 'activity';

export interface FunctionRegistration {
  readonly name: string;
  readonly kind: TriggerKind | 'other';
  readonly trigger: BindingMetadata;
  readonly extraInputs: readonly BindingMetadata[];
  readonly extraOutputs: readonly BindingMetadata[];
  readonly returnBinding: BindingMetadata | undefined;
  readonly handler: FunctionHandler;
}

export interface Clock {
  now(): Date;
}

export interface HostLogger {
  readonly info: (line: string) => void;
  readonly error: (line: string) => void;
}

export interface HostOptions {
  /** Port on 127.0.0.1; 0 picks a free one. Default 7071. */
  readonly port?: number;
  /** Where durable histories and timer status live. Default `<appRoot>/.state/host`. */
  readonly stateDir?: string;
  /** Folder holding package.json, host.json and local.settings.json. Default: cwd. */
  readonly appRoot?: string;
  /** Entry point to import; default package.json `main`. A `.ts` entry is loaded through tsx. */
  readonly entryPoint?: string;
  readonly clock?: Clock;
  readonly logger?: HostLogger;
  /** Start timers on their schedule (default true). Tests turn this off and fire them by hand. */
  readonly runTimers?: boolean;
}

export interface HostHandle {
  readonly url: string;
  readonly port: number;
  readonly stateDir: string;
  /** The generated master key's file (0600); undefined when local.settings.json sets one. */
  readonly masterKeyFile: string | undefined;
  readonly functions: readonly FunctionRegistration[];
  stop(): Promise<void>;
}
