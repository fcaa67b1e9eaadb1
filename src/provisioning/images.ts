// Puts the workload images into the environment's registry (import or ACR build), once per set.
import { createHash } from 'node:crypto';
import { createRegistryImages } from '../azure/registry.js';
import { workloadImages, type WorkloadImage } from '../plan/index.js';
import { findImageContext, tarball } from './image-context.js';
import type { EnvironmentContext } from '../environments/index.js';

/** Registry tag recording which set of images was last imported or built successfully. */
export const IMAGES_MARKER_TAG = 'aci-vnet-sidecars-images';

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
  );
  const tags = await registry.tags();
  if (tags[IMAGES_MARKER_TAG] === marker)
    return { names, summary: `${images.length} images up to date` };
  for (const image of images) {
    const target = `${image.repository}${image.reference}`;
    const context = contexts.get(image.role);
    if (typeof image.source === 'string') {
      ctx.log(`importing ${image.source} as ${target}`);
      await registry.importImage(image.source, target);
    } else if (context) {
      ctx.log(`building ${target} from ${image.source.build} with ACR Tasks`);
      await registry.build(await tarball(context.dir), target, ctx.log);
    }
  }
  await registry.setTags({ ...tags, [IMAGES_MARKER_TAG]: marker });
  return { names, summary: `${images.length} images imported or built` };
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
