// Types for third-party-notices.js, which build-images.js (plain Node, no build step) imports.
export const NOTICES_FILE: 'THIRD-PARTY-NOTICES.txt';
export function packageDirOf(input: string): string | undefined;
export function thirdPartyNotices(
  metafile: { inputs: Record<string, unknown> },
  root: string,
  image: string,
): string;
