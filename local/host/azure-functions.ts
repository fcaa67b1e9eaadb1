// @azure/functions' classes, loaded through `require`: the package is a webpack bundle whose class
// exports Node's ESM importer cannot see (only `app`, `input`, ... are detected). An app run from
// its sources shares this module instance; the bundle that ships carries its own copy
// (scripts/build-functions.js), which reads these objects by their shape, as it reads the
// worker's.
import { createRequire } from 'node:module';
import type * as AzureFunctions from '@azure/functions';

const require = createRequire(import.meta.url);
const lib = require('@azure/functions') as typeof AzureFunctions;

export const HttpRequest = lib.HttpRequest;
export const HttpResponse = lib.HttpResponse;
export const InvocationContext = lib.InvocationContext;
