// The licence notices of the npm packages esbuild bundled into an image's main.js. A bundle drops
// each package's LICENSE file, yet MIT, ISC, BSD and Apache-2.0 all ask that the copyright and
// licence notice travel with every copy, so each image carries THIRD-PARTY-NOTICES.txt beside
// main.js (its Dockerfile copies it into the image).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const NOTICES_FILE = 'THIRD-PARTY-NOTICES.txt';

const NOTICE_FILE = /^(licen[cs]e|copying|notice)([.-].*)?$/i;

/**
 * The package folder (relative to the working directory) that a bundled input comes from, e.g.
 * `node_modules/@azure/identity` for `node_modules/@azure/identity/dist/esm/index.js`; undefined
 * for the project's own files.
 */
export function packageDirOf(input) {
  const parts = input.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0 || at + 1 >= parts.length) return undefined;
  const length = parts[at + 1].startsWith('@') ? 2 : 1;
  if (at + length >= parts.length) return undefined;
  return parts.slice(0, at + 1 + length).join('/');
}

/** What package.json says of a package that ships no licence file: its licence and its authors. */
function withoutLicenceFile(manifest, license) {
  const author = typeof manifest.author === 'string' ? manifest.author : manifest.author?.name;
  const repository =
    typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  const facts = [`package.json says ${license}`];
  if (author) facts.push(`author: ${author}`);
  if (repository) facts.push(`repository: ${repository}`);
  return `(the package ships no licence file; ${facts.join('; ')})`;
}

function noticeOf(root, dir) {
  const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
  const license =
    typeof manifest.license === 'string' ? manifest.license : (manifest.license?.type ?? 'UNKNOWN');
  const files = readdirSync(join(root, dir))
    .filter((name) => NOTICE_FILE.test(name))
    .sort();
  const texts = files.map((name) => readFileSync(join(root, dir, name), 'utf8').trim());
  if (texts.length === 0) texts.push(withoutLicenceFile(manifest, license));
  const title = `${manifest.name}@${manifest.version}, licence ${license}`;
  return [`${title}\n${'-'.repeat(title.length)}`, ...texts].join('\n\n');
}

/**
 * THIRD-PARTY-NOTICES.txt for one bundle, from esbuild's metafile: one section per bundled
 * package (name, version, licence, then its LICENSE/NOTICE files verbatim), sorted by name.
 */
export function thirdPartyNotices(metafile, root, image) {
  const dirs = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const dir = packageDirOf(input);
    if (dir && existsSync(join(root, dir, 'package.json'))) dirs.add(dir);
  }
  // The same package may be installed twice (nested node_modules): one section per text.
  const sections = [...new Set([...dirs].map((dir) => noticeOf(root, dir)))].sort();
  const header =
    sections.length === 0
      ? `images/${image}/main.js bundles no third-party package.`
      : `images/${image}/main.js bundles these ${sections.length} third-party packages; their licence notices follow.`;
  return `${[header, ...sections].join('\n\n\n')}\n`;
}
