// Timer triggers: NCRONTAB schedules, `runOnStartup`, `isPastDue`, and firing by hand through
// `POST /admin/functions/NAME` like the Functions host. The last/next occurrence of each timer is
// kept under the state dir, so an occurrence missed while the host was down runs once at start
// with `isPastDue: true`, as the real schedule monitor does.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { invoke } from './invoke.js';
import { errorMessage } from './logs.js';
import type { InvocationResult } from './invoke.js';
import { nextOccurrence, parseSchedule } from './ncrontab.js';
import type { Schedule } from './ncrontab.js';
import type { Clock, FunctionRegistration, HostLogger } from './types.js';

export interface TimerStatus {
  readonly last: string;
  readonly next: string;
  readonly lastUpdated: string;
}

export interface TimerDeps {
  readonly functions: readonly FunctionRegistration[];
  readonly stateDir: string;
  readonly clock: Clock;
  readonly logger: HostLogger;
  readonly inputsFor: (fn: FunctionRegistration) => Record<string, unknown>;
}

const maxDelayMs = 2_147_483_647;

export class TimerRunner {
  readonly #deps: TimerDeps;
  readonly #handles = new Map<string, NodeJS.Timeout>();
  readonly #schedules = new Map<string, Schedule>();

  constructor(deps: TimerDeps) {
    this.#deps = deps;
    mkdirSync(join(deps.stateDir, 'timers'), { recursive: true });
    for (const fn of deps.functions) {
      this.#schedules.set(
        fn.name,
        parseSchedule(
          resolveSetting(typeof fn.trigger.schedule === 'string' ? fn.trigger.schedule : ''),
        ),
      );
    }
  }

  /** Runs past-due and `runOnStartup` timers, then arms every schedule. */
  async start(): Promise<void> {
    for (const fn of this.#deps.functions) {
      const status = this.#readStatus(fn);
      const pastDue =
        status !== undefined && Date.parse(status.next) <= this.#deps.clock.now().getTime();
      if (pastDue || fn.trigger.runOnStartup === true) await this.fire(fn, pastDue);
      this.#arm(fn);
    }
  }

  stop(): void {
    for (const handle of this.#handles.values()) clearTimeout(handle);
    this.#handles.clear();
  }

  /** One invocation now, as the schedule or `POST /admin/functions/NAME` would start it. */
  async fire(fn: FunctionRegistration, isPastDue = false): Promise<InvocationResult> {
    const now = this.#deps.clock.now();
    const previous = this.#readStatus(fn);
    const next = nextOccurrence(this.#scheduleOf(fn), now);
    const timer = {
      isPastDue,
      // Schedules are evaluated in UTC here, so there is no daylight-saving adjustment.
      schedule: { adjustForDST: false },
      scheduleStatus: {
        last: previous?.last ?? new Date(0).toISOString(),
        next: next.toISOString(),
        lastUpdated: previous?.lastUpdated ?? now.toISOString(),
      },
    };
    const result = await invoke(fn, timer, {
      logger: this.#deps.logger,
      extraInputs: this.#deps.inputsFor(fn),
    });
    this.#writeStatus(fn, {
      last: now.toISOString(),
      next: next.toISOString(),
      lastUpdated: now.toISOString(),
    });
    return result;
  }

  #arm(fn: FunctionRegistration): void {
    const next = nextOccurrence(this.#scheduleOf(fn), this.#deps.clock.now());
    this.#writeStatus(fn, { ...(this.#readStatus(fn) ?? emptyStatus()), next: next.toISOString() });
    const delay = Math.min(
      maxDelayMs,
      Math.max(0, next.getTime() - this.#deps.clock.now().getTime()),
    );
    const handle = setTimeout(() => {
      const due = this.#deps.clock.now().getTime() >= next.getTime();
      void (due ? this.fire(fn) : Promise.resolve()).finally(() => this.#arm(fn));
    }, delay);
    handle.unref();
    this.#handles.set(fn.name, handle);
  }

  #scheduleOf(fn: FunctionRegistration): Schedule {
    const schedule = this.#schedules.get(fn.name);
    if (!schedule) throw new Error(`Timer "${fn.name}" is not registered.`);
    return schedule;
  }

  #file(fn: FunctionRegistration): string {
    return join(this.#deps.stateDir, 'timers', `${encodeURIComponent(fn.name)}.json`);
  }

  /** Missing on a first run; unreadable status is reported and treated as missing. */
  #readStatus(fn: FunctionRegistration): TimerStatus | undefined {
    if (!existsSync(this.#file(fn))) return undefined;
    try {
      return JSON.parse(readFileSync(this.#file(fn), 'utf8')) as TimerStatus;
    } catch (err) {
      this.#deps.logger.error(
        `Timer status of ${fn.name} unreadable, starting afresh: ${errorMessage(err)}`,
      );
      return undefined;
    }
  }

  #writeStatus(fn: FunctionRegistration, status: TimerStatus): void {
    writeFileSync(this.#file(fn), JSON.stringify(status));
  }
}

/** `%NAME%` in a schedule is an app setting, as in function.json bindings. */
export function resolveSetting(expression: string, env: NodeJS.ProcessEnv = process.env): string {
  const m = /^%([^%]+)%$/.exec(expression.trim());
  if (!m) return expression;
  const value = env[m[1] ?? ''];
  if (value === undefined) throw new Error(`Schedule setting ${m[1]} is not set.`);
  return value;
}

function emptyStatus(): TimerStatus {
  const epoch = new Date(0).toISOString();
  return { last: epoch, next: epoch, lastUpdated: epoch };
}
