// Debian's `chromium`, headless, driven over the Chrome DevTools Protocol on a pipe
// (`--remote-debugging-pipe`: the browser reads commands on fd 3 and writes answers and events on
// fd 4, each message JSON ended by a NUL byte). No port is opened, and every host name but
// 127.0.0.1 fails to resolve (`--host-resolver-rules`), so the browser reaches nothing but
// loopback: no update checks, no safe-browsing lists.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { toolPath } from './requires.js';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--remote-debugging-pipe',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-sync',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--no-pings',
  '--hide-scrollbars',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

interface Message {
  id?: number;
  method?: string;
  sessionId?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
}

export interface Viewport {
  width: number;
  height: number;
  /** Emulates a phone: touch, mobile viewport meta honoured. */
  mobile?: boolean;
  deviceScaleFactor?: number;
}

export interface Tab {
  /** Evaluates `expression` in the page and returns its value (promises awaited). */
  evaluate<T>(expression: string): Promise<T>;
  /** Polls `expression` until it is truthy; fails after `deadlineMs` with `what`. */
  waitFor(expression: string, options: { deadlineMs: number; what: string }): Promise<void>;
  /** Writes a PNG of the whole page (beyond the viewport) to `path`. */
  screenshot(path: string): Promise<void>;
  /** Uncaught exceptions, console errors and browser log errors (a CSP refusal is one). */
  problems: string[];
}

export interface Browser {
  open(url: string, viewport: Viewport): Promise<Tab>;
  close(): Promise<void>;
}

class Pipe {
  private nextId = 1;
  private buffer = '';
  private readonly waiting = new Map<
    number,
    { resolve: (m: Message) => void; reject: (e: Error) => void }
  >();
  private readonly listeners = new Set<(m: Message) => void>();

  constructor(
    private readonly input: Writable,
    output: Readable,
  ) {
    output.on('data', (chunk: Buffer) => this.receive(chunk.toString('utf8')));
  }

  private receive(text: string): void {
    this.buffer += text;
    let end: number;
    while ((end = this.buffer.indexOf('\0')) >= 0) {
      const message = JSON.parse(this.buffer.slice(0, end)) as Message;
      this.buffer = this.buffer.slice(end + 1);
      const waiter = message.id === undefined ? undefined : this.waiting.get(message.id);
      if (waiter && message.id !== undefined) {
        this.waiting.delete(message.id);
        if (message.error) waiter.reject(new Error(`CDP: ${message.error.message}`));
        else waiter.resolve(message);
      } else {
        for (const listener of this.listeners) listener(message);
      }
    }
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string) {
    const id = this.nextId++;
    const answer = new Promise<Message>((resolve, reject) =>
      this.waiting.set(id, { resolve, reject }),
    );
    this.input.write(
      `${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`,
    );
    return answer.then((m) => m.result ?? {});
  }

  on(listener: (m: Message) => void): void {
    this.listeners.add(listener);
  }

  failAll(error: Error): void {
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}

function problemOf(message: Message): string | undefined {
  const p = message.params ?? {};
  if (message.method === 'Runtime.exceptionThrown') {
    const details = p.exceptionDetails as { text?: string; exception?: { description?: string } };
    return `exception: ${details.exception?.description ?? details.text ?? 'unknown'}`;
  }
  if (message.method === 'Runtime.consoleAPICalled' && p.type === 'error') {
    const args = (p.args as { value?: unknown; description?: string }[]) ?? [];
    return `console.error: ${args.map((a) => a.description ?? JSON.stringify(a.value)).join(' ')}`;
  }
  if (message.method === 'Log.entryAdded') {
    const entry = p.entry as { level?: string; text?: string };
    if (entry.level === 'error') return `log: ${entry.text ?? ''}`;
  }
  return undefined;
}

async function openTab(pipe: Pipe, url: string, viewport: Viewport): Promise<Tab> {
  const { targetId } = (await pipe.send('Target.createTarget', { url: 'about:blank' })) as {
    targetId: string;
  };
  const { sessionId } = (await pipe.send('Target.attachToTarget', { targetId, flatten: true })) as {
    sessionId: string;
  };
  const send = (method: string, params: Record<string, unknown> = {}) =>
    pipe.send(method, params, sessionId);
  const problems: string[] = [];
  let loaded!: () => void;
  const load = new Promise<void>((resolve) => (loaded = resolve));
  pipe.on((m) => {
    if (m.sessionId !== sessionId) return;
    if (m.method === 'Page.loadEventFired') loaded();
    const problem = problemOf(m);
    if (problem) problems.push(problem);
  });
  await Promise.all([send('Page.enable'), send('Runtime.enable'), send('Log.enable')]);
  await send('Emulation.setDeviceMetricsOverride', {
    width: viewport.width,
    height: viewport.height,
    deviceScaleFactor: viewport.deviceScaleFactor ?? 1,
    mobile: viewport.mobile ?? false,
  });
  if (viewport.mobile) await send('Emulation.setTouchEmulationEnabled', { enabled: true });
  await send('Page.navigate', { url });
  await load;

  async function evaluate<T>(expression: string): Promise<T> {
    const result = (await send('Runtime.evaluate', {
      expression,
      returnByValue: true,
      awaitPromise: true,
    })) as { result?: { value?: unknown }; exceptionDetails?: { text?: string } };
    if (result.exceptionDetails)
      throw new Error(`${expression}: ${result.exceptionDetails.text ?? 'threw'}`);
    return result.result?.value as T;
  }

  return {
    evaluate,
    problems,
    async waitFor(expression, { deadlineMs, what }) {
      const deadline = Date.now() + deadlineMs;
      while (!(await evaluate<boolean>(`Boolean(${expression})`))) {
        if (Date.now() > deadline)
          throw new Error(`${what} never held within ${deadlineMs / 1000} s`);
        await sleep(25);
      }
    },
    async screenshot(path) {
      const metrics = (await send('Page.getLayoutMetrics')) as {
        cssContentSize: { width: number; height: number };
      };
      const { data } = (await send('Page.captureScreenshot', {
        format: 'png',
        captureBeyondViewport: true,
        clip: {
          x: 0,
          y: 0,
          width: Math.max(viewport.width, Math.ceil(metrics.cssContentSize.width)),
          height: Math.ceil(metrics.cssContentSize.height),
          scale: 1,
        },
      })) as { data: string };
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, Buffer.from(data, 'base64'));
    },
  };
}

export interface LaunchOptions {
  /**
   * Host names the browser resolves to 127.0.0.1 (the local gateway's listeners); every other
   * name still fails to resolve.
   */
  loopbackHosts?: readonly string[];
  /**
   * Accept a certificate no root of the browser's store signed (Pebble's, made at each start).
   * Chain and name are checked by the tests' own TLS clients.
   */
  acceptAnyCertificate?: boolean;
}

function flags(options: LaunchOptions): string[] {
  const hosts = options.loopbackHosts ?? [];
  const rules = [...hosts.map((h) => `MAP ${h} 127.0.0.1`), 'MAP * ~NOTFOUND', 'EXCLUDE 127.0.0.1'];
  return [
    ...FLAGS.filter((f) => !f.startsWith('--host-resolver-rules=')),
    `--host-resolver-rules=${rules.join(' , ')}`,
    ...(options.acceptAnyCertificate ? ['--ignore-certificate-errors'] : []),
  ];
}

/** Starts headless Chromium; fails with the install command when `chromium` is missing. */
export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const command = toolPath('chromium');
  if (!command)
    return Promise.reject(new Error('chromium is not installed: apt-get install chromium'));
  const profile = mkdtempSync(join(tmpdir(), 'avs-chromium-'));
  const child: ChildProcess = spawn(
    command,
    [...flags(options), `--user-data-dir=${profile}`, 'about:blank'],
    {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;
  const pipe = new Pipe(toBrowser, fromBrowser);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      pipe.failAll(new Error(`chromium exited:\n${stderr.slice(-2000)}`));
      resolve();
    }),
  );
  const browser: Browser = {
    open: (url, viewport) => openTab(pipe, url, viewport),
    async close() {
      await pipe.send('Browser.close').catch(() => undefined);
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
      rmSync(profile, { recursive: true, force: true });
    },
  };
  // The browser target answers once Chromium is up.
  return pipe.send('Browser.getVersion').then(
    () => browser,
    async (error: unknown) => {
      child.kill('SIGKILL');
      await exited;
      rmSync(profile, { recursive: true, force: true });
      throw error;
    },
  );
}
