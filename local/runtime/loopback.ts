// Where the emulated VNet lives on this machine. A container group's private address `a.b.c.d`
// becomes `127.b.c.d`: Linux routes all of 127.0.0.0/8 to the loopback interface, so every group
// binds its own address without any set-up, and two groups may both listen on 443. Ports below
// 1024 move up by 10000, so the twin runs as an ordinary user.
import { isIP, isIPv4 } from 'node:net';
import type { LoopbackMap } from './types.js';

const PRIVILEGED_PORT_SHIFT = 10_000;

/** `192.168.1.4` → `127.168.1.4`; a loopback address stays itself. Throws on anything but IPv4. */
export function loopbackAddress(privateIp: string): string {
  if (!isIPv4(privateIp)) throw new Error(`${JSON.stringify(privateIp)} is not an IPv4 address`);
  const [, b, c, d] = privateIp.split('.');
  return `127.${b}.${c}.${d}`;
}

/** 443 → 10443, 80 → 10080; 8080 stays 8080. */
export function loopbackPort(containerPort: number): number {
  return containerPort < 1024 ? containerPort + PRIVILEGED_PORT_SHIFT : containerPort;
}

/** Whether an address is in 127.0.0.0/8 or ::1: the only places the runtime may connect to. */
export function isLoopback(address: string): boolean {
  return (isIP(address) === 4 && address.startsWith('127.')) || address === '::1';
}

export const loopbackMap: LoopbackMap = { address: loopbackAddress, port: loopbackPort };
