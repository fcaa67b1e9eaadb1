// Resource type → behaviour. Types without an entry use the generic store with a few seconds of
// latency, like most Azure resource providers.
import type { TypeBehaviour } from './behaviour.js';
import { typeBehaviours } from '../types/index.js';

const byType = new Map<string, TypeBehaviour>(typeBehaviours.map((b) => [b.type.toLowerCase(), b]));

export function behaviourFor(type: string): TypeBehaviour {
  return byType.get(type.toLowerCase()) ?? { type, putLatencyMs: 3_000, deleteLatencyMs: 3_000 };
}
