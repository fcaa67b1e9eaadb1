// Azure Container Registry adapter: imports the workload images or builds them with ACR Tasks.
import { boundedSleep, StillRunning, type ActivityDeadline } from '../activity-deadline.js';
import { AppError } from '../errors.js';
import { createArmRequester } from './arm-request.js';
import { describedCall } from './azure-error.js';
import { untilDone } from './bounded-poll.js';
import { lazyArmClient, pollOptions, type AzureConnection } from './connection.js';

/** ACR Tasks (build source upload, scheduleRun, runs) are not in @azure/arm-containerregistry 12. */
const TASKS_API = '2019-06-01-preview';

export interface RegistryTarget {
  subscriptionId: string;
  resourceGroup: string;
  registry: string;
}

export interface BuildResult {
  runId: string;
  status: string;
}

/**
 * Gets images into a registry: import from another registry, or build with ACR Tasks. With a
 * deadline (the activity's budget), no call waits past it: an import or tag update still running
 * then, or a build run not finished, throws StillRunning; a build's run id is handed to
 * `onScheduled` first, so that the next activity run can wait for that run instead of building
 * again (`waitForRun`).
 */
export interface RegistryImages {
  /** Imports `source` (registry/repository:tag) as `target` (repository:tag), replacing it. */
  importImage(source: string, target: string): Promise<void>;
  /** Uploads a gzipped tar build context and builds `image` (repository:tag) from its Dockerfile. */
  build(
    context: Uint8Array,
    image: string,
    onProgress: (line: string) => void,
    onScheduled?: (runId: string) => Promise<void>,
  ): Promise<BuildResult>;
  /** Waits for a run scheduled earlier; fails like `build` when it does not succeed. */
  waitForRun(
    runId: string,
    image: string,
    onProgress: (line: string) => void,
  ): Promise<BuildResult>;
  tags(): Promise<Record<string, string>>;
  setTags(tags: Record<string, string>): Promise<void>;
}

/**
 * The longest an ACR Tasks build may run, ACR's own timeout for the run (its default is 3600 s).
 * The activity that schedules it waits for it only within its budget (ACTIVITY_BUDGET); a longer
 * build is waited for by the next runs of the activity, so this bounds the whole wait, not one
 * activity. Twenty minutes is generous for the workload images.
 */
export const BUILD_RUN_TIMEOUT_SECONDS = 20 * 60;

const TERMINAL_RUN_STATES = new Set(['Succeeded', 'Failed', 'Canceled', 'Error', 'Timeout']);

export function createRegistryImages(
  connection: AzureConnection,
  target: RegistryTarget,
  sleep: (ms: number) => Promise<void>,
  deadline?: ActivityDeadline,
): RegistryImages {
  const client = lazyArmClient(
    async () => (await import('@azure/arm-containerregistry')).ContainerRegistryManagementClient,
    connection,
    target.subscriptionId,
  );
  const arm = createArmRequester(connection);
  const registryPath = `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${target.registry}`;
  const poll = pollOptions(connection);
  const pause = boundedSleep(sleep, deadline);
  const waitForRun = async (
    runId: string,
    image: string,
    onProgress: (line: string) => void,
    first = 'Queued',
  ): Promise<BuildResult> => {
    let status = first;
    for (let attempt = 0; !TERMINAL_RUN_STATES.has(status); attempt++) {
      onProgress(`build of ${image} (run ${runId}) is ${status}`);
      try {
        await pause(
          Math.min(30_000, (connection.pollIntervalMs ?? 5_000) * 2 ** Math.min(attempt, 3)),
        );
      } catch (error) {
        if (!(error instanceof StillRunning)) throw error;
        throw new StillRunning(
          `ACR run ${runId} building ${image} is still ${status}: ${error.detail}`,
        );
      }
      const run = await arm.send<{ properties?: { status?: string } }>(
        'GET',
        `${registryPath}/runs/${runId}`,
        TASKS_API,
      );
      status = run.body.properties?.status ?? status;
    }
    if (status !== 'Succeeded') {
      throw new AppError(
        'validation',
        'BuildFailed',
        `ACR Tasks run ${runId} building ${image} in ${target.registry} ended ${status}; see its log with: az acr task logs -r ${target.registry} --run-id ${runId}`,
      );
    }
    return { runId, status };
  };
  return {
    async importImage(source, targetImage) {
      const { registryUri, sourceImage } = splitSource(source);
      const what = `import ${source} into ${target.registry}`;
      await describedCall(what, async () => {
        const { registries } = await client();
        const poller = await registries.beginImportImage(
          target.resourceGroup,
          target.registry,
          { source: { registryUri, sourceImage }, ...importTarget(targetImage), mode: 'Force' },
          poll,
        );
        await untilDone(what, poller, deadline);
      });
    },
    waitForRun: (runId, image, onProgress) => waitForRun(runId, image, onProgress),
    async build(context, image, onProgress, onScheduled) {
      const upload = await arm.send<{ uploadUrl: string; relativePath: string }>(
        'POST',
        `${registryPath}/listBuildSourceUploadUrl`,
        TASKS_API,
      );
      await uploadBlob(connection, upload.body.uploadUrl, context, image);
      const scheduled = await arm.send<{ properties?: { runId?: string; status?: string } }>(
        'POST',
        `${registryPath}/scheduleRun`,
        TASKS_API,
        {
          type: 'DockerBuildRequest',
          sourceLocation: upload.body.relativePath,
          dockerFilePath: 'Dockerfile',
          imageNames: [image],
          isPushEnabled: true,
          platform: { os: 'Linux', architecture: 'amd64' },
          timeout: BUILD_RUN_TIMEOUT_SECONDS,
        },
      );
      const runId = scheduled.body.properties?.runId ?? '';
      await onScheduled?.(runId);
      return waitForRun(runId, image, onProgress, scheduled.body.properties?.status ?? 'Queued');
    },
    tags: () =>
      describedCall(`GET registries/${target.registry}`, async () => {
        const { registries } = await client();
        return (await registries.get(target.resourceGroup, target.registry)).tags ?? {};
      }),
    async setTags(tags) {
      const what = `PATCH registries/${target.registry}`;
      await describedCall(what, async () => {
        const { registries } = await client();
        const poller = await registries.beginUpdate(
          target.resourceGroup,
          target.registry,
          { tags },
          poll,
        );
        await untilDone(what, poller, deadline);
      });
    },
  };
}

/**
 * Where an import lands: `targetTags` take only `repo[:tag]`, so an image pinned by digest is
 * copied by manifest into its repository (`untaggedTargetRepositories`: "No tag will be created")
 * and referenced there by the same digest (ImportImageParameters, Microsoft.ContainerRegistry).
 */
export function importTarget(
  targetImage: string,
): { targetTags: string[] } | { untaggedTargetRepositories: string[] } {
  const at = targetImage.indexOf('@');
  return at < 0
    ? { targetTags: [targetImage] }
    : { untaggedTargetRepositories: [targetImage.slice(0, at)] };
}

/** `mcr.microsoft.com/org/app:1` → registry `mcr.microsoft.com`, image `org/app:1`. */
export function splitSource(source: string): { registryUri: string; sourceImage: string } {
  const slash = source.indexOf('/');
  return { registryUri: source.slice(0, slash), sourceImage: source.slice(slash + 1) };
}

/**
 * PUTs the build context to the upload URL ACR handed out. The URL carries a SAS signature, so it
 * never appears in a message; the request goes without our bearer token, as storage expects.
 */
async function uploadBlob(
  connection: AzureConnection,
  uploadUrl: string,
  body: Uint8Array,
  image: string,
): Promise<void> {
  const { createDefaultHttpClient, createPipelineFromOptions, createPipelineRequest } =
    await import('@azure/core-rest-pipeline');
  const pipeline = createPipelineFromOptions({
    ...(connection.armOptions.tlsOptions ? { tlsOptions: connection.armOptions.tlsOptions } : {}),
    retryOptions: { maxRetries: 3 },
  });
  const request = createPipelineRequest({ url: uploadUrl, method: 'PUT', body });
  request.headers.set('x-ms-blob-type', 'BlockBlob');
  request.headers.set('content-type', 'application/gzip');
  let status: number;
  try {
    status = (await pipeline.sendRequest(createDefaultHttpClient(), request)).status;
  } catch (error) {
    const reason =
      error instanceof Error && 'code' in error
        ? String((error as { code?: unknown }).code)
        : 'network error';
    throw new AppError(
      'transient',
      'UploadFailed',
      `uploading the build context of ${image} failed (${reason})`,
    );
  }
  if (status >= 300) {
    const kind = status >= 500 || status === 429 ? 'transient' : 'validation';
    throw new AppError(
      kind,
      'UploadFailed',
      `uploading the build context of ${image} failed with HTTP ${status}`,
    );
  }
}
