// One run of `start` or `demo`: the children it starts, and what stops it early (Ctrl-C, SIGTERM,
// a child dying). Every child is stopped when the run ends, however it ends.
import { ChildSet } from './children.js';
import { Interrupted } from './errors.js';

export interface Session {
  readonly children: ChildSet;
  /** Settles `work`, unless a child dies or a signal arrives first (then rejects with that). */
  guard<T>(work: Promise<T>): Promise<T>;
  /** Resolves with the first SIGINT/SIGTERM; rejects if a child dies before it. */
  untilSignalOrDeath(): Promise<NodeJS.Signals>;
  /** Runs `cleanup` once every child has stopped. */
  afterStop(cleanup: () => void): void;
}

export async function withSession<T>(body: (session: Session) => Promise<T>): Promise<T> {
  const children = new ChildSet();
  let onSignal: (signal: NodeJS.Signals) => void = () => undefined;
  const signalled = new Promise<NodeJS.Signals>((resolve) => (onSignal = resolve));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const interrupted = signalled.then((signal) => Promise.reject(new Interrupted(signal)));
  interrupted.catch(() => undefined);
  const cleanups: (() => void)[] = [];
  const session: Session = {
    children,
    afterStop: (cleanup) => cleanups.push(cleanup),
    guard: (work) => Promise.race([work, children.died, interrupted]),
    untilSignalOrDeath: () => Promise.race([signalled, children.died]),
  };
  try {
    return await body(session);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    // A second Ctrl-C while stopping means "now": exiting runs the ChildSet's exit hook, which
    // kills every child's process group (they are not in the terminal's group).
    const now = () => process.exit(130);
    process.once('SIGINT', now);
    process.once('SIGTERM', now);
    await children.stopAll();
    for (const cleanup of cleanups) cleanup();
    process.off('SIGINT', now);
    process.off('SIGTERM', now);
  }
}
