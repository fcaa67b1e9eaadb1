// Collection GETs page by page: every page read, the token never sent elsewhere, 404 as absent.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deadlineAfter, StillRunning } from '../../../src/activity-deadline.js';
import { AppError } from '../../../src/errors.js';
import { resourceLister, type PageFetcher } from '../../../src/azure/resource-lists.js';

const ARM = 'https://management.azure.com';
const GROUPS =
  '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerInstance/containerGroups';

/** Answers each URL from `pages`, recording the URLs asked for. */
function pagesAt(pages: Record<string, { status: number; body?: unknown }>) {
  const asked: string[] = [];
  const fetchPage: PageFetcher = (url) => {
    asked.push(url);
    const page = pages[url];
    if (!page) throw new Error(`unexpected fetch of ${url}`);
    return Promise.resolve({ status: page.status, body: page.body });
  };
  return { asked, fetchPage };
}

describe('listing a collection', () => {
  test('follows nextLink to the last page and answers every resource once', async () => {
    const first = `${ARM}${GROUPS}?api-version=2023-05-01`;
    const second = `${ARM}${GROUPS}?api-version=2023-05-01&$skipToken=2`;
    const { asked, fetchPage } = pagesAt({
      [first]: { status: 200, body: { value: [{ name: 'a' }, { name: 'b' }], nextLink: second } },
      [second]: { status: 200, body: { value: [{ name: 'c' }], nextLink: null } },
    });
    const listed = await resourceLister(ARM, fetchPage).list(GROUPS, '2023-05-01');
    assert.deepEqual(
      listed?.map((r) => r.name),
      ['a', 'b', 'c'],
    );
    assert.deepEqual(asked, [first, second]);
  });

  test('answers undefined when the scope does not exist (404 on the first page)', async () => {
    const { fetchPage } = pagesAt({
      [`${ARM}${GROUPS}?api-version=2023-05-01`]: {
        status: 404,
        body: {
          error: {
            code: 'ResourceGroupNotFound',
            message: "Resource group 'rg' could not be found.",
          },
        },
      },
    });
    assert.equal(await resourceLister(ARM, fetchPage).list(GROUPS, '2023-05-01'), undefined);
  });

  test('never sends its token to a nextLink on another host', async () => {
    const { asked, fetchPage } = pagesAt({
      [`${ARM}${GROUPS}?api-version=2023-05-01`]: {
        status: 200,
        body: { value: [], nextLink: `https://elsewhere.example${GROUPS}?$skipToken=1` },
      },
    });
    await assert.rejects(
      resourceLister(ARM, fetchPage).list(GROUPS, '2023-05-01'),
      (error: unknown) =>
        error instanceof AppError &&
        error.code === 'ForeignNextLink' &&
        /containerGroups: the next page is at https:\/\/elsewhere\.example/.test(error.message),
    );
    assert.equal(asked.length, 1);
  });

  test("fails with ARM's code and message, naming the collection", async () => {
    const { fetchPage } = pagesAt({
      [`${ARM}${GROUPS}?api-version=2023-05-01`]: {
        status: 403,
        body: {
          error: { code: 'AuthorizationFailed', message: 'The client does not have authorization' },
        },
      },
    });
    await assert.rejects(
      resourceLister(ARM, fetchPage).list(GROUPS, '2023-05-01'),
      (error: unknown) =>
        error instanceof AppError &&
        error.code === 'AuthorizationFailed' &&
        /GET Microsoft\.ContainerInstance\/containerGroups: The client does not have authorization \(HTTP 403/.test(
          error.message,
        ),
    );
  });

  test('asks for no page once the activity is out of time', async () => {
    const { asked, fetchPage } = pagesAt({});
    let now = 0;
    const deadline = deadlineAfter(1000, () => now);
    now = 2000;
    await assert.rejects(
      resourceLister(ARM, fetchPage, deadline).list(GROUPS, '2023-05-01'),
      StillRunning,
    );
    assert.deepEqual(asked, []);
  });
});
