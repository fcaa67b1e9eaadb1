// "If the backend pool contains multiple servers, the application gateway uses a round-robin
// algorithm to route the requests between healthy servers" (how-application-gateway-works.md).

export interface RoundRobin {
  /** The healthy members in the order to try them, starting one further on each call per key. */
  order<T>(key: string, healthy: readonly T[]): T[];
}

export function createRoundRobin(): RoundRobin {
  const counters = new Map<string, number>();
  return {
    order(key, healthy) {
      if (healthy.length === 0) return [];
      const turn = counters.get(key) ?? 0;
      counters.set(key, turn + 1);
      const start = turn % healthy.length;
      return [...healthy.slice(start), ...healthy.slice(0, start)];
    },
  };
}
