// A container group's network on this machine: its containers share one address (as they share
// one network namespace in ACI), so what a container reaches on 127.0.0.1 or localhost at one of
// the group's own ports becomes the group's loopback address, and its ports move as loopback.ts
// says. Any other loopback URL names a service of this machine (the emulator's ARM and vaults,
// which stand in for Azure's public endpoints) and stays as it is.
import type { LoopbackMap } from './types.js';

/** Where the group is: its address and the ports its containers declare. */
export interface GroupEndpoint {
  address: string;
  ports: readonly number[];
}

/** `http://127.0.0.1:8080` → `http://127.168.1.4:8080`; `localhost:80` → `127.168.1.4:10080`. */
export function rewriteLoopbackUrls(text: string, group: GroupEndpoint, map: LoopbackMap): string {
  return text.replace(/\b(?:127\.0\.0\.1|localhost):(\d{1,5})\b/g, (whole, port: string) =>
    group.ports.includes(Number(port)) ? `${group.address}:${map.port(Number(port))}` : whole,
  );
}

/**
 * nginx's `listen 443 ssl` (a port alone, which means every address in the container) becomes
 * `listen 127.168.1.4:10443 ssl`; and one worker, as two cores serve every group here.
 */
export function rewriteNginxNetwork(conf: string, group: GroupEndpoint, map: LoopbackMap): string {
  return rewriteLoopbackUrls(conf, group, map)
    .replace(
      /^(\s*listen\s+)(\d{1,5})\b/gm,
      (_, before: string, port: string) => `${before}${group.address}:${map.port(Number(port))}`,
    )
    .replace(/^(\s*worker_processes\s+)auto;/m, '$11;');
}
