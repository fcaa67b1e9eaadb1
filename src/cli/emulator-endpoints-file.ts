// The file where `aci-vnet-sidecars emulator --endpoints-file F` says which ports it bound. The
// emulator picks its own free ports and reports them, so that no other process can take a port
// between a parent choosing it and the child binding it (the race `npm start` used to lose).
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

const port = z.number().int().min(1).max(65_535);

const endpointsSchema = z.object({
  armPort: port,
  dnsPort: port,
  nameServers: z
    .array(
      z.object({
        name: z.string().min(1),
        host: z.string().min(1),
        port,
        delayMs: z.number().min(0),
      }),
    )
    .min(1),
});

export type EmulatorEndpointsFile = z.infer<typeof endpointsSchema>;

/** Written whole or not at all: a reader never sees half a file. */
export function writeEndpointsFile(path: string, endpoints: EmulatorEndpointsFile): void {
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, `${JSON.stringify(endpoints, null, 2)}\n`);
  renameSync(partial, path);
}

/** Forgets a previous run's endpoints before a new emulator starts. */
export function removeEndpointsFile(path: string): void {
  rmSync(path, { force: true });
}

/**
 * The endpoints once the file exists; `undefined` before. A file that is there but not what the
 * emulator writes is an error naming it.
 */
export function readEndpointsFile(path: string): EmulatorEndpointsFile | undefined {
  if (!existsSync(path)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new Error(`${path} is not JSON; it should hold the ports the emulator bound`);
  }
  const parsed = endpointsSchema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(
      `${path} does not hold the emulator's ports: ${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}
