// ACR Tasks as `az acr build` drives them: `listBuildSourceUploadUrl` hands out a SAS-style blob
// URL, the client PUTs a gzipped tar there, `scheduleRun` with a DockerBuildRequest starts a run
// that builds from it, and `runs/{id}` reports Queued → Running → Succeeded. A context without a
// Dockerfile fails the run, as a real build would.
// https://learn.microsoft.com/rest/api/containerregistry/registries/schedule-run
import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { ArmError } from '../../arm/errors.js';
import { key } from '../../arm/resource-id.js';
import { properties } from '../../arm/resource-store.js';
import type { EmulatorContext } from '../../core/context.js';
import type { ArmResource, EmuRequest, EmuResponse } from '../../core/model.js';
import { OPERATION_LATENCIES } from '../../arm/latencies.js';

const BUILD_MS = OPERATION_LATENCIES.acrBuild.ms;

export function listBuildSourceUploadUrl(
  ctx: EmulatorContext,
  registry: ArmResource,
  req: EmuRequest,
): EmuResponse {
  const relativePath = `source/${new Date(ctx.clock.now()).toISOString().slice(0, 10).replace(/-/g, '')}/${randomUUID()}.tar.gz`;
  const uploadUrl = `${req.origin}/_emulator/blobs/${key(registry.id).split('/').at(-1)}/${relativePath}?sv=2025-01-05&sr=b&sp=cw&sig=emulated`;
  return { status: 200, body: { uploadUrl, relativePath } };
}

/** The blob endpoint behind upload URLs: no bearer token, like a SAS URL. */
export function putBuildSource(
  ctx: EmulatorContext,
  req: EmuRequest,
  relativePath: string,
): EmuResponse {
  if (req.headers['x-ms-blob-type'] !== 'BlockBlob') {
    return {
      status: 400,
      body: {
        error: { code: 'MissingRequiredHeader', message: 'x-ms-blob-type: BlockBlob is required.' },
      },
    };
  }
  const bytes = req.bytes ?? Buffer.alloc(0);
  ctx.state.buildSources.set(relativePath, { size: bytes.length, files: tarEntries(bytes) });
  return { status: 201, body: undefined };
}

export function scheduleRun(
  ctx: EmulatorContext,
  registry: ArmResource,
  req: EmuRequest,
  record: (images: string[]) => void,
): EmuResponse {
  const body = (req.body ?? {}) as {
    type?: string;
    sourceLocation?: string;
    dockerFilePath?: string;
    imageNames?: string[];
    isPushEnabled?: boolean;
  };
  if (body.type !== 'DockerBuildRequest') {
    throw new ArmError(400, 'InvalidParameter', 'The emulator runs DockerBuildRequest only.');
  }
  const source = body.sourceLocation ? ctx.state.buildSources.get(body.sourceLocation) : undefined;
  if (!source) {
    throw new ArmError(
      400,
      'InvalidParameter',
      `sourceLocation '${body.sourceLocation ?? ''}' was not uploaded through listBuildSourceUploadUrl.`,
    );
  }
  const dockerfile = body.dockerFilePath ?? 'Dockerfile';
  const buildable = source.files.some((f) => f.replace(/^\.\//, '') === dockerfile);
  const images = body.isPushEnabled === false ? [] : (body.imageNames ?? []);
  const runId = `ca${(ctx.state.registryRuns.size + 1).toString(36)}`;
  const op = ctx.startOperation({
    name: 'Microsoft.ContainerRegistry/registries/runs/action',
    resourceId: `${registry.id}/runs/${runId}`,
    durationMs: BUILD_MS * ctx.config.timeScale,
    complete: () => {
      if (buildable) record(images);
    },
  });
  if (!buildable)
    ctx.finishOperation(op.id, {
      code: 'BuildFailed',
      message: `unable to prepare context: ${dockerfile} not found`,
    });
  ctx.state.registryRuns.set(runId, {
    registryId: registry.id,
    operationId: op.id,
    images,
    startTime: op.startTime,
  });
  return { status: 200, body: runBody(ctx, registry, runId) };
}

export function getRun(ctx: EmulatorContext, registry: ArmResource, runId: string): EmuResponse {
  const run = ctx.state.registryRuns.get(runId);
  if (!run || key(run.registryId) !== key(registry.id)) {
    throw new ArmError(404, 'ResourceNotFound', `The run '${runId}' was not found.`);
  }
  return { status: 200, body: runBody(ctx, registry, runId) };
}

function runBody(ctx: EmulatorContext, registry: ArmResource, runId: string): unknown {
  const run = ctx.state.registryRuns.get(runId)!;
  const op = ctx.state.operations.get(run.operationId);
  const status =
    op?.status === 'Succeeded' ? 'Succeeded' : op?.status === 'InProgress' ? 'Running' : 'Failed';
  const loginServer = String(properties(registry).loginServer);
  return {
    id: `${registry.id}/runs/${runId}`,
    name: runId,
    type: 'Microsoft.ContainerRegistry/registries/runs',
    properties: {
      runId,
      status,
      runType: 'QuickRun',
      startTime: run.startTime,
      ...(op?.endTime ? { finishTime: op.endTime } : {}),
      outputImages:
        status === 'Succeeded'
          ? run.images.map((i) => ({
              registry: loginServer,
              repository: i.split(':')[0],
              tag: i.split(':')[1] ?? 'latest',
            }))
          : [],
      provisioningState: 'Succeeded',
    },
  };
}

/** Entry names of a gzipped tar (512-byte headers; name at offset 0, size in octal at 124). */
export function tarEntries(gzipped: Buffer): string[] {
  let tar: Buffer;
  try {
    tar = gunzipSync(gzipped);
  } catch {
    return [];
  }
  const names: string[] = [];
  for (let offset = 0; offset + 512 <= tar.length;) {
    const header = tar.subarray(offset, offset + 512);
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    if (!name) break;
    const prefix = header.subarray(345, 500).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(
      header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0',
      8,
    );
    names.push(prefix ? `${prefix}/${name}` : name);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}
