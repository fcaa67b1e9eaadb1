// What the local container runtime reads from the emulator: ARM records as the emulator stores
// them (GET /_emulator/resources?type=…), and how a private address of the emulated VNet maps to
// this machine's loopback.

/** One ARM resource as the emulator's admin API returns it (properties as stored). */
export interface ArmRecord {
  id: string;
  name: string;
  type: string;
  location?: string;
  tags?: Record<string, string>;
  identity?: {
    type?: string;
    userAssignedIdentities?: Record<string, { principalId?: string; clientId?: string }>;
  };
  properties: Record<string, unknown>;
}

/** A user-assigned identity a container group holds, as ARM reports it on the group. */
export interface GroupIdentity {
  /** The identity's resource id (`…/userAssignedIdentities/{name}`). */
  resourceId: string;
  name: string;
  principalId: string;
  clientId: string;
}

/** Mints an emulator access token for a principal and audience (the resource, no `/.default`). */
export type MintToken = (principalId: string, audience: string) => string;

/**
 * Where the emulated VNet's private addresses live on this machine: each private IPv4 address
 * `a.b.c.d` becomes `127.b.c.d` (Linux routes all of 127.0.0.0/8 to the loopback interface), and
 * a container port below 1024 moves up by 10000 so nothing needs root.
 */
export interface LoopbackMap {
  address: (privateIp: string) => string;
  port: (containerPort: number) => number;
}
