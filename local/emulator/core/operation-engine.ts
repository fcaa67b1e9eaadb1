// Long-running operations on the injected clock: each has a due time (Azure's typical duration ×
// timeScale) or waits to be finished explicitly; `settle` completes those whose time has come.
import { randomUUID } from 'node:crypto';
import type { Clock } from './clock.js';
import type { AsyncOperation, EmulatorState, OperationError, OperationSpec } from './model.js';

export class OperationEngine {
  private readonly pending = new Map<string, OperationSpec>();

  constructor(
    private readonly state: () => EmulatorState,
    private readonly clock: Clock,
  ) {}

  private iso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  start(spec: OperationSpec): AsyncOperation {
    const op: AsyncOperation = {
      id: randomUUID(),
      name: spec.name,
      resourceId: spec.resourceId,
      status: 'InProgress',
      startTime: this.iso(),
      dueAt: this.clock.now() + spec.durationMs,
    };
    this.state().operations.set(op.id, op);
    this.pending.set(op.id, spec);
    return op;
  }

  settle(): void {
    const operations = this.state().operations;
    for (const id of [...this.pending.keys()]) if (!operations.has(id)) this.pending.delete(id);
    const now = this.clock.now();
    const due = [...this.pending.keys()]
      .map((id) => operations.get(id))
      .filter((op): op is AsyncOperation => op !== undefined && op.dueAt <= now)
      .sort((a, b) => a.dueAt - b.dueAt);
    for (const op of due) this.finish(op.id);
  }

  /**
   * Ends an operation now: runs its completion, or marks it Failed with `error` (or with what
   * the operation's own `verify` finds).
   */
  finish(id: string, error?: OperationError): void {
    const op = this.state().operations.get(id);
    const spec = this.pending.get(id);
    this.pending.delete(id);
    if (!op || !spec || op.status !== 'InProgress') return;
    op.endTime = this.iso();
    const failure = error ?? spec.verify?.();
    if (failure) {
      op.status = 'Failed';
      op.error = failure;
      spec.cancel?.();
      return;
    }
    op.status = 'Succeeded';
    spec.complete();
    if (spec.result) op.result = spec.result();
  }

  cancel(id: string, error: OperationError): void {
    const op = this.state().operations.get(id);
    const spec = this.pending.get(id);
    this.pending.delete(id);
    if (!op || op.status !== 'InProgress') return;
    op.status = 'Canceled';
    op.error = error;
    op.endTime = this.iso();
    spec?.cancel?.();
  }

  nextDueAt(): number | undefined {
    const operations = this.state().operations;
    const dues = [...this.pending.keys()]
      .map((id) => operations.get(id)?.dueAt ?? Infinity)
      .filter(Number.isFinite);
    const queued = this.state().deliveries.filter((d) => !d.inFlight);
    const next = Math.min(...dues, ...queued.map((d) => d.dueAt));
    return Number.isFinite(next) ? next : undefined;
  }
}

/** The operation still running for a resource, if any. */
export function runningOperation(
  state: EmulatorState,
  resourceId: string,
): AsyncOperation | undefined {
  const id = resourceId.toLowerCase();
  return [...state.operations.values()].find(
    (op) => op.status === 'InProgress' && op.resourceId.toLowerCase() === id,
  );
}

/**
 * The error of an operation a newer one replaced, as the Network RP reports it for gateways
 * (`Canceled` with detail `CanceledAndSupersededDueToAnotherOperation`).
 */
export function supersededError(
  operationName: string,
  canceledId: string,
  byId: string,
): OperationError {
  return {
    code: 'Canceled',
    message: 'Operation was canceled.',
    details: [
      {
        code: 'CanceledAndSupersededDueToAnotherOperation',
        message: `Operation ${operationName} (${canceledId}) was canceled and superseded by operation ${operationName} (${byId}).`,
      },
    ],
  };
}
