// The workload images an environment runs, and their names in its container registry.
import type { EnvironmentSpec, ImageSource } from '../spec/index.js';

export type ImageRole = keyof EnvironmentSpec['app']['images'];

/** Where an image in the environment's registry comes from, and what it is called there. */
export interface WorkloadImage {
  role: ImageRole;
  source: ImageSource;
  /** Repository inside the environment's registry, e.g. `web` or `aci-helloworld`. */
  repository: string;
  /** `:<tag>` or `@sha256:<digest>`, kept from the source. */
  reference: string;
}

/**
 * The repository name an image gets in the environment's registry: the last path segment of an
 * imported reference (its tag or digest kept), or the folder name of an ACR Tasks build.
 */
export function workloadImage(role: ImageRole, source: ImageSource): WorkloadImage {
  if (typeof source !== 'string') {
    const repository = source.build.slice(source.build.lastIndexOf('/') + 1);
    return { role, source, repository, reference: `:${source.tag}` };
  }
  const lastSegment = source.slice(source.lastIndexOf('/') + 1);
  const at = lastSegment.indexOf('@');
  // Stryker disable next-line EqualityOperator: at is 0 only when the last segment starts with '@', i.e. names no repository; no valid image reference does, and either split leaves such a value unusable (at < 0, also hidden here, is killed by the tag and digest tests).
  const split = at >= 0 ? at : lastSegment.lastIndexOf(':');
  return {
    role,
    source,
    repository: lastSegment.slice(0, split),
    reference: lastSegment.slice(split),
  };
}

/** Every image the environment runs; the registry stage imports or builds exactly these. */
export function workloadImages(spec: EnvironmentSpec): WorkloadImage[] {
  const roles: ImageRole[] = ['init', 'sidecar', 'web', 'api'];
  if (spec.dashboard.enabled) roles.push('dashboard');
  // The database-migration stage's run-once container group runs this one.
  roles.push('migrate');
  return roles.map((role) => workloadImage(role, spec.app.images[role]));
}

/** `<login server>/<repository><:tag|@digest>`. */
export function imageName(image: WorkloadImage, loginServer: string): string {
  return `${loginServer}/${image.repository}${image.reference}`;
}

/**
 * The tag of an image imported into the registry by tag rather than by digest, or undefined: an
 * image built by ACR Tasks, or imported as `…@sha256:<digest>`.
 */
export function importedTag(image: WorkloadImage): string | undefined {
  if (typeof image.source !== 'string' || !image.reference.startsWith(':')) return undefined;
  return image.reference.slice(1);
}
