// Holds a restarted container group in its start-up (Pending, no IP) until the test releases it,
// so a test sees what the app does in that window however slow the machine is.
import type { EmulatorHandle } from '../../local/emulator/index.js';
import { RESTART_STARTUP_OPERATION } from '../../local/emulator/providers/container-instance/restart.js';

export interface HeldStartup {
  /** The group gets its IP and runs, now. */
  release: () => void;
}

/** Call right after the restart's POST: its start-up is due only about a minute (scaled) later. */
export function holdStartup(emu: EmulatorHandle, groupId: string): HeldStartup {
  const id = groupId.toLowerCase();
  const op = [...emu.engine.state.operations.values()].find(
    (o) =>
      o.name === RESTART_STARTUP_OPERATION &&
      o.status === 'InProgress' &&
      o.resourceId.toLowerCase() === id,
  );
  if (!op)
    throw new Error(
      `no start-up of ${groupId} to hold: the restart was not sent, or it already finished (use a larger time scale)`,
    );
  op.dueAt = Infinity;
  return { release: () => emu.engine.finishOperation(op.id) };
}
