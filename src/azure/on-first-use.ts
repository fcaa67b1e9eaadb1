// Azure SDK clients built when an activity first calls them, not when the app starts.
//
// The Functions entry point imports every adapter (to register the activities that use them), so
// an adapter that imported its SDK package statically would make every start-up parse all of them
// (@azure/arm-network alone is about 3 MB). Each adapter therefore imports its package with
// `import()` inside the loader it hands to `onFirstUse`; the bundle (scripts/build-functions.js)
// puts each such package in a chunk of its own, and test/integration/functions-bundle checks that
// the entry's start-up reaches none of them. Types come through `import type`, which loads nothing.

/**
 * `build` runs on the first call and every later call shares its promise, so a client is built
 * once. A failed build is not kept: the next call tries again.
 */
export function onFirstUse<T>(build: () => Promise<T>): () => Promise<T> {
  let built: Promise<T> | undefined;
  return () => {
    built ??= build().catch((error: unknown) => {
      built = undefined;
      throw error;
    });
    return built;
  };
}

/**
 * The exports of a CommonJS package loaded with `import()` (@azure/arm-dns, -eventgrid and
 * -containerinstance have no ES module build Node would pick). Node gives them by name, and so
 * does tsx; the bundle's chunk of a CommonJS package exports only `default`, its module.exports
 * (esbuild), so that is read when it is all there is. test/integration/functions-bundle checks
 * every name an adapter reads from `import()` against the chunk it gets.
 */
export async function commonJsExports<T extends object>(loading: Promise<T>): Promise<T> {
  const loaded = await loading;
  const names = Object.keys(loaded);
  if (names.length !== 1 || names[0] !== 'default') return loaded;
  return (loaded as { default: T }).default;
}
