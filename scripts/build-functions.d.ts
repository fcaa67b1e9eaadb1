// Types for build-functions.js (plain Node, no build step), which tests and benches import.
export const FUNCTIONS_SOURCE: 'functions/index.ts';
export const BUNDLE_DIR: string;
export const EXTERNAL: readonly string[];

/** esbuild's metafile: what each output file holds and imports. */
export interface BundleMetafile {
  inputs: Record<string, { bytes: number }>;
  outputs: Record<
    string,
    {
      bytes: number;
      inputs: Record<string, { bytesInOutput: number }>;
      imports: { path: string; kind: string; external?: boolean }[];
      exports?: string[];
      entryPoint?: string;
    }
  >;
}

export function buildFunctionsBundle(
  outDir?: string,
): Promise<{ entry: string; metafile: BundleMetafile }>;
