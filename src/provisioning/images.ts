// Puts the workload images into the environment's registry (import or ACR build), once per set.
import { createHash } from 'node:crypto';
import { createRegistryImages, type RegistryImages } from '../azure/registry.js';
import { workloadImages, type WorkloadImage } from '../plan/index.js';
import { findImageContext, tarball, type ImageContext } from './image-context.js';
import type { EnvironmentContext } from '../environments/index.js';

/** Registry tag recording which set of images was last imported or built successfully. */
export const IMAGES_MARKER_TAG = 'aci-vnet-sidecars-images';

/**
 * Per image, a registry tag recording its progress across activity runs: `<hash>` once that
 * image (source and build context) is in the registry, `<hash> <runId>` while its ACR build runs.
 * An activity stops waiting at its budget (ACTIVITY_BUDGET), so a set of builds can span several
 * runs: the next run skips the images already there and waits for the build already scheduled.
 */
export function imageTag(role: WorkloadImage['role']): string {
  return `aci-vnet-sidecars-image-${role}`;
}

export interface ImagesOutcome {
  names: string[];
  summary: string;
}

/**
 * Imports or builds every workload image, unless the registry's marker tag says this exact set
 * (sources, tags and build-context contents) is already there: a rerun then writes nothing. The
 * marker is written last, so a failed run is retried in full next time.
 */
export async function syncWorkloadImages(ctx: EnvironmentContext): Promise<ImagesOutcome> {
  const images = workloadImages(ctx.spec);
  const contexts = new Map(
    images.flatMap((i) =>
      typeof i.source === 'string' ? [] : [[i.role, findImageContext(i.source.build)] as const],
    ),
  );
  const marker = markerOf(images, (role) => contexts.get(role)?.contentHash);
  const names = images.map((i) => `${i.repository}${i.reference}`);
  const registry = createRegistryImages(
    ctx.services.connection,
    {
      subscriptionId: ctx.spec.subscriptionId,
      resourceGroup: ctx.spec.resourceGroup,
      registry: ctx.spec.names.registry,
    },
    ctx.services.sleep,
    ctx.services.deadline,
  );
  const tags = await registry.tags();
  if (tags[IMAGES_MARKER_TAG] === marker)
    return { names, summary: `${images.length} images up to date` };
  const progress = { ...tags };
  // Tag writes go one after another, each with every image's progress so far, so that a slower
  // write never lands after a newer one and takes an image's progress back.
  let written: Promise<void> = Promise.resolve();
  const record = (role: WorkloadImage['role'], value: string) => {
    progress[imageTag(role)] = value;
    const next = written.then(() => registry.setTags({ ...progress }));
    written = next.catch(() => undefined);
    return next;
  };
  // Every image at once: ACR runs a registry's builds side by side.
  const settled = await Promise.allSettled(
    images.map(async (image) => {
      const hash = markerOf([image], (role) => contexts.get(role)?.contentHash);
      const [doneHash, runId] = (progress[imageTag(image.role)] ?? '').split(' ');
      if (doneHash === hash && !runId) return;
      await putImage(ctx, registry, image, contexts.get(image.role), {
        resumeRun: doneHash === hash ? runId : undefined,
        scheduled: (id) => record(image.role, `${hash} ${id}`),
      });
      await record(image.role, hash);
    }),
  );
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  await registry.setTags({ ...progress, [IMAGES_MARKER_TAG]: marker });
  return { names, summary: `${images.length} images imported or built` };
}

/** Imports one image, builds it, or waits for the build an earlier run scheduled. */
async function putImage(
  ctx: EnvironmentContext,
  registry: RegistryImages,
  image: WorkloadImage,
  context: ImageContext | undefined,
  build: { resumeRun: string | undefined; scheduled: (runId: string) => Promise<void> },
): Promise<void> {
  const target = `${image.repository}${image.reference}`;
  if (typeof image.source === 'string') {
    ctx.log(`importing ${image.source} as ${target}`);
    await registry.importImage(image.source, target);
  } else if (build.resumeRun) {
    ctx.log(`waiting for ACR run ${build.resumeRun} building ${target}`);
    await registry.waitForRun(build.resumeRun, target, ctx.log);
  } else if (context) {
    ctx.log(`building ${target} from ${image.source.build} with ACR Tasks`);
    await registry.build(await tarball(context.dir), target, ctx.log, build.scheduled);
  }
}

function markerOf(
  images: readonly WorkloadImage[],
  contextHash: (role: WorkloadImage['role']) => string | undefined,
): string {
  const description = images.map((i) => ({
    role: i.role,
    source: i.source,
    context: contextHash(i.role) ?? null,
  }));
  return createHash('sha256').update(JSON.stringify(description)).digest('hex').slice(0, 32);
}
