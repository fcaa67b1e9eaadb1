// Public exports of src/spec: parsing and validating the environment spec a user writes.
export { parseSpec, withDerivedDefaults, type SpecPolicy } from './parse.js';
export {
  acmeDirectoryKind,
  acmeDirectoryProblem,
  acmeDirectoryUrlOf,
  isAllowedAcmeDirectory,
  LETS_ENCRYPT_DIRECTORIES,
  type AcmeDirectoryKind,
  type AcmeDirectoryPolicy,
} from './acme-directory.js';
export { formatProblems } from './problems.js';
export { specSchema } from './schema.js';
export { gatewayIdentityName, resourceNames, uniqueSuffix, deterministicGuid } from './names.js';
export { parseCidr, contains, overlaps } from './cidr.js';
export { certificateCovers, isInZone } from './dns-names.js';
export type * from './types.js';
