// Base images are pinned by digest: a tag (`node:22-alpine`) is moved by its publisher, so two
// builds of one commit could start from different images; `image:tag@sha256:<digest>` names one
// image for good and keeps the tag for people and for Dependabot, which moves the digest.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { repoRoot } from '../../support/cli.js';

const imagesDir = join(repoRoot, 'images');
const folders = readdirSync(imagesDir).filter((f) => existsSync(join(imagesDir, f, 'Dockerfile')));

/** Every image a `FROM` line names, with its folder. */
function baseImages(): { folder: string; image: string }[] {
  return folders.flatMap((folder) =>
    readFileSync(join(imagesDir, folder, 'Dockerfile'), 'utf8')
      .split('\n')
      .filter((line) => /^\s*FROM\s/i.test(line))
      .map((line) => ({ folder, image: line.trim().split(/\s+/)[1] ?? '' })),
  );
}

const PINNED = /^[\w./-]+:[\w.-]+@sha256:[0-9a-f]{64}$/;

describe('the base images of images/*/Dockerfile', () => {
  test('are all pinned by digest, keeping their tag', () => {
    const images = baseImages();
    assert.ok(images.length >= 5, `found only ${images.length} FROM lines`);
    const unpinned = images.filter(({ image }) => !PINNED.test(image));
    assert.deepEqual(unpinned, [], 'FROM <image>:<tag>@sha256:<digest> expected');
  });

  test('are each kept current by Dependabot', () => {
    const config = readFileSync(join(repoRoot, '.github', 'dependabot.yml'), 'utf8');
    assert.match(config, /package-ecosystem: docker/);
    for (const folder of folders) assert.match(config, new RegExp(`- /images/${folder}$`, 'm'));
  });
});
