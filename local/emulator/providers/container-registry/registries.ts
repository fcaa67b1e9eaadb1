// Azure Container Registry: `loginServer`, and the `importImage` / `scheduleRun` actions, which
// record the repositories and tags they produce (visible in the admin state).
import type { TypeBehaviour } from '../../arm/behaviour.js';
import { ArmError } from '../../arm/errors.js';
import { acceptedResponse } from '../../arm/lro.js';
import { key } from '../../arm/resource-id.js';
import { properties } from '../../arm/resource-store.js';
import type { EmulatorContext } from '../../core/context.js';
import type { ArmResource } from '../../core/model.js';
import { listBuildSourceUploadUrl, scheduleRun } from './registry-tasks.js';
import { latencyOf } from '../../arm/latencies.js';

function record(ctx: EmulatorContext, registry: ArmResource, images: string[]): void {
  const tags = ctx.state.registryImages.get(key(registry.id)) ?? new Set<string>();
  for (const image of images) tags.add(image.includes(':') ? image : `${image}:latest`);
  ctx.state.registryImages.set(key(registry.id), tags);
}

export const registries: TypeBehaviour = {
  type: 'Microsoft.ContainerRegistry/registries',

  latency: latencyOf('Microsoft.ContainerRegistry/registries'),
  prepare: (_ctx, registry) => {
    Object.assign(properties(registry), {
      loginServer: `${registry.name.toLowerCase()}.azurecr.io`,
      creationDate: new Date(0).toISOString(),
    });
  },
  deleted: (ctx, registry) => {
    ctx.state.registryImages.delete(key(registry.id));
  },
  actions: {
    importimage: (ctx, registry, req, path) => {
      const body = (req.body ?? {}) as ImportImageBody;
      if (!body.source?.sourceImage)
        throw new ArmError(400, 'InvalidParameter', 'source.sourceImage is required.');
      const targets = importTargets(body.source.sourceImage, body);
      const op = ctx.startOperation({
        name: 'Microsoft.ContainerRegistry/registries/importImage/action',
        resourceId: `${registry.id}/importImage`,
        durationMs: 10_000 * ctx.config.timeScale,
        complete: () => record(ctx, registry, targets),
      });
      return acceptedResponse(ctx, req, path, op, { status: 202, location: true });
    },
    schedulerun: (ctx, registry, req) =>
      scheduleRun(ctx, registry, req, (images) => record(ctx, registry, images)),
    listbuildsourceuploadurl: (ctx, registry, req) => listBuildSourceUploadUrl(ctx, registry, req),
  },
};

interface ImportImageBody {
  source?: { sourceImage?: string };
  targetTags?: string[];
  untaggedTargetRepositories?: string[];
}

/**
 * The images an import creates. `targetTags` are "strings of the form repo[:tag]"; a digest there
 * is refused (the wording is inferred: the REST spec gives the form, not the error).
 * `untaggedTargetRepositories` copy the manifest only ("No tag will be created"), so the image is
 * found by the source's digest. Neither: the source's own repository and tag.
 */
function importTargets(sourceImage: string, body: ImportImageBody): string[] {
  const badTag = body.targetTags?.find((t) => t.includes('@'));
  if (badTag)
    throw new ArmError(
      400,
      'InvalidParameter',
      `targetTags must be of the form repo[:tag]: '${badTag}' is not. Import an image pinned by digest with untaggedTargetRepositories.`,
    );
  const digest = sourceImage.includes('@') ? sourceImage.slice(sourceImage.indexOf('@')) : '';
  const untagged = (body.untaggedTargetRepositories ?? []).map((repo) => `${repo}${digest}`);
  const tagged = body.targetTags ?? [];
  return tagged.length + untagged.length > 0 ? [...tagged, ...untagged] : [sourceImage];
}
