// The network safety rule: the emulator only ever talks to loopback (127.0.0.0/8, ::1, localhost).
// Event Grid checks webhook URLs with it when a subscription is created, the edge again on send.

export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}
