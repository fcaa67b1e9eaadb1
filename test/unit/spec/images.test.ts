import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSpec, type ImageSource } from '../../../src/spec/index.js';
import { specWith } from '../../support/specs.js';

/** The web image as the parsed spec holds it, or the problems reported for it. */
function webImage(web: unknown): ImageSource | { path: string; message: string }[] {
  const result = parseSpec(specWith({ app: { images: { web } } }));
  return result.ok ? result.spec.app.images.web : result.problems;
}

const REFERENCE =
  'must be an image reference with a registry and a tag, such as mcr.microsoft.com/org/web:1.2';
const FOLDER = 'must name a folder of this app such as images/web';
const TAG = 'must be a valid image tag';
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

describe('image sources', () => {
  const accepted: [title: string, web: unknown, parsed: ImageSource][] = [
    [
      'an image from a registry on its own port',
      'registry.contoso.example:5000/org/web:1.2',
      'registry.contoso.example:5000/org/web:1.2',
    ],
    [
      'an image pinned by digest',
      `mcr.microsoft.com/org/web@${DIGEST}`,
      `mcr.microsoft.com/org/web@${DIGEST}`,
    ],
    [
      'a build with its own tag',
      { build: 'images/web', tag: 'v1.2_3' },
      { build: 'images/web', tag: 'v1.2_3' },
    ],
    [
      'a build without a tag, tagged latest',
      { build: 'images/web' },
      { build: 'images/web', tag: 'latest' },
    ],
  ];
  for (const [title, web, parsed] of accepted) {
    test(`accepts ${title}`, () => {
      assert.deepEqual(webImage(web), parsed);
    });
  }

  const rejected: [title: string, web: unknown, path: string, message: string][] = [
    [
      'a reference with a leading space',
      ' mcr.microsoft.com/org/web:1.2',
      'app.images.web',
      REFERENCE,
    ],
    [
      'a reference with a trailing space',
      'mcr.microsoft.com/org/web:1.2 ',
      'app.images.web',
      REFERENCE,
    ],
    [
      'a registry port that is not a number',
      'registry:abc/org/web:1.2',
      'app.images.web',
      REFERENCE,
    ],
    [
      'a digest that is not 64 hexadecimal digits',
      `mcr.microsoft.com/org/web@${DIGEST.slice(0, -1)}`,
      'app.images.web',
      REFERENCE,
    ],
    [
      'a value that is neither a reference nor a build',
      5,
      'app.images.web',
      'must be an image reference such as mcr.microsoft.com/org/web:1.2, or { "build": "images/<folder>" }',
    ],
    ['a build folder outside images/', { build: 'x/images/web' }, 'app.images.web.build', FOLDER],
    [
      'a build folder below a folder of images/',
      { build: 'images/web/extra' },
      'app.images.web.build',
      FOLDER,
    ],
    ['a tag starting with a hyphen', { build: 'images/web', tag: '-1' }, 'app.images.web.tag', TAG],
    [
      'a tag with a trailing space',
      { build: 'images/web', tag: '1.0 ' },
      'app.images.web.tag',
      TAG,
    ],
  ];
  for (const [title, web, path, message] of rejected) {
    test(`reports ${title}`, () => {
      assert.deepEqual(webImage(web), [{ path, message }]);
    });
  }
});
