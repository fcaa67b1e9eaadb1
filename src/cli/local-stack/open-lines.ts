// What `start` prints once the deployment succeeded: how to open the app through the local
// gateway, and how to restart a group. Pure: the runtime's status in, text out.

export interface ListenerView {
  readonly name: string;
  readonly frontendPort: number;
  readonly localPort: number;
  readonly protocol: 'Http' | 'Https';
}

export interface RuntimeStatusView {
  readonly groups: readonly { name: string; privateIp: string; address: string; state: string }[];
  readonly gateways?: readonly { name: string; listeners: readonly ListenerView[] }[];
}

export interface OpenInput {
  readonly hostName: string;
  readonly status: RuntimeStatusView;
  /** PEM file of the ACME CA's root (Pebble's, made anew at each start). */
  readonly rootCaFile: string;
  /** The command as the user runs it: `npx aci-vnet-sidecars`. */
  readonly command: string;
  readonly stateDir: string;
}

function listenerLine(hostName: string, l: ListenerView): string {
  const scheme = l.protocol === 'Https' ? 'https' : 'http';
  const what =
    l.protocol === 'Https'
      ? `${l.name} listener (frontend port ${l.frontendPort})`
      : `${l.name} listener (frontend port ${l.frontendPort}): redirects to HTTPS`;
  return `  ${`${scheme}://${hostName}:${l.localPort}/`.padEnd(44)} ${what}`;
}

export function openLines(input: OpenInput): string {
  const { hostName, status } = input;
  const listeners = (status.gateways ?? []).flatMap((g) => g.listeners);
  const https =
    listeners.find((l) => l.protocol === 'Https' && l.frontendPort === 443) ??
    listeners.find((l) => l.protocol === 'Https');
  const stateDir = input.stateDir === '.state' ? '' : ` --state-dir ${input.stateDir}`;
  const lines = ['open the app through the local Application Gateway (127.0.0.1):'];
  lines.push(...listeners.map((l) => listenerLine(hostName, l)));
  if (https) {
    lines.push(
      `  ${hostName} must resolve to 127.0.0.1: add "127.0.0.1 ${hostName}" to /etc/hosts, or`,
      `  curl --cacert ${input.rootCaFile} --resolve ${hostName}:${https.localPort}:127.0.0.1 https://${hostName}:${https.localPort}/`,
      `  chromium --host-resolver-rules="MAP ${hostName} 127.0.0.1" https://${hostName}:${https.localPort}/`,
      `  (the certificate is issued by Pebble; its root, made at each start, is ${input.rootCaFile})`,
    );
  } else {
    lines.push('  (the gateway has no HTTPS listener yet: see the runtime log)');
  }
  const groups = [...status.groups].sort((a, b) => a.name.localeCompare(b.name));
  if (groups.length > 0) {
    lines.push('container groups (each on its own loopback address, its sidecar on port 10443):');
    for (const g of groups)
      lines.push(`  ${g.name.padEnd(36)} ${g.privateIp.padEnd(15)} ${g.address}`);
    const example = groups.find((g) => !/-migrate$/.test(g.name)) ?? groups[0]!;
    lines.push(
      'restart one:',
      `  ${input.command} restart ${example.name}${stateDir}              ARM restart: raises an event; the app follows it`,
      `  ${input.command} restart ${example.name}${stateDir} --platform   platform restart: no event; the reconcile timer heals it`,
    );
  }
  return `${lines.join('\n')}\n`;
}
