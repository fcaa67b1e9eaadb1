// Asking a person at a terminal to confirm something that cannot be undone.
import { createInterface } from 'node:readline/promises';

/** Where a confirmation comes from; tests pass their own. */
export interface Confirmation {
  /** Whether someone can answer: standard input is a terminal. */
  readonly interactive: () => boolean;
  /** Asks on the terminal and answers the line typed. */
  readonly ask: (question: string) => Promise<string>;
}

export const terminalConfirmation: Confirmation = {
  interactive: () => process.stdin.isTTY === true,
  ask: async (question) => {
    const terminal = createInterface({ input: process.stdin, output: process.stdout });
    try {
      return await terminal.question(question);
    } finally {
      terminal.close();
    }
  },
};
