import type { WorkloadDatabase } from '../../shared/database/workload-database.js';

/** Who answers: the gateway spreads requests over groups, and /api/ip says which one it was. */
export interface Instance {
  /** `CONTAINER_GROUP_NAME`, when the plan sets it. */
  containerGroup: string | null;
  hostname: string;
  /** The group's private IP (every container of a group shares its network namespace). */
  privateIp: string | null;
}

/** The IPv4 addresses of a name (node:dns `resolve4`, no search domains, no /etc/hosts). */
export type ResolveIpv4 = (fqdn: string) => Promise<string[]>;

export interface ApiAppInput {
  instance: () => Instance;
  /** Absent when no database is configured: the SQL endpoints answer 503. */
  database?: WorkloadDatabase;
  /** The only zones /api/dns resolves names in (`PRIVATE_DNS_ZONES`). */
  privateZones: readonly string[];
  resolveIpv4: ResolveIpv4;
  /** Where failures' reasons go; answers carry only a generic message. */
  log?: (line: string) => void;
}
