// Types of scripts/mutation-scope.js, which stays JavaScript because the Stryker configs import it.
export interface MutationModule {
  name: string;
  /** Files, or folders ending in `/`. */
  paths: string[];
  /** Part of `npm run mutation:ci`. */
  ci?: boolean;
}
export const MUTATION_MODULES: MutationModule[];
export function mutatePatterns(modules?: MutationModule[]): string[];
export function typeCheckedPaths(modules?: MutationModule[]): string[];
export function moduleOf(file: string, modules?: MutationModule[]): string;
