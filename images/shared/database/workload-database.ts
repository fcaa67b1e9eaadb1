// What the workload asks of its database, whichever engine serves it: Azure SQL in Azure (reached
// over the private endpoint with the group's managed identity), PostgreSQL on one machine. The
// point of the original sample: the database sees each container group's own private IP.

/** One recorded access: the source address as the database saw it, and the group that asked. */
export interface AccessRecord {
  sourceIp: string;
  containerGroup: string;
  at: Date;
}

/** Accesses per source address (and the group that made them) over a window. */
export interface AccessCount {
  sourceIp: string;
  containerGroup: string;
  count: number;
}

export interface WorkloadDatabase {
  /** The engine's version string (`SELECT @@VERSION` / `SELECT version()`). */
  version(): Promise<string>;
  /** The client address the database sees for this connection (CONNECTIONPROPERTY('client_net_address') / inet_client_addr()). */
  sourceIp(): Promise<string>;
  /** Inserts one access row for `containerGroup`, with the source address the database sees. */
  recordAccess(containerGroup: string): Promise<AccessRecord>;
  /** Accesses since `since`, grouped by source address and group, most first. */
  accessCounts(since: Date): Promise<AccessCount[]>;
  /** Closes the pool. */
  close(): Promise<void>;
}
