// GET /api/status: one static HTML document, its style and script inline and allowed by hash, so
// the Content-Security-Policy allows nothing else: no other script, style, frame or origin.
import { createHash } from 'node:crypto';
import { PAGE_SCRIPT } from './page-script.js';
import { PAGE_STYLE } from './page-style.js';

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Environments — aci-vnet-sidecars status</title>
<link rel="icon" href="data:,">
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
<h1>Environments</h1>
<p id="updated">Loading the status…</p>
<p id="progress" role="status" aria-live="polite" aria-atomic="true"></p>
</header>
<main id="environments" aria-busy="true" aria-label="Environments"></main>
<noscript><p>This page reads its data with a small script: allow JavaScript, or read GET /api/status/data.</p></noscript>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;

/**
 * The page's headers. The key arrives in the page's URL (`?code=`): no-referrer keeps it out of
 * Referer headers, no-store out of caches; the page loads nothing from anywhere but its own
 * origin's data route (connect-src 'self'), and no other site may frame it.
 */
export const PAGE_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': [
    "default-src 'none'",
    `script-src ${hash(PAGE_SCRIPT)}`,
    `style-src ${hash(PAGE_STYLE)}`,
    "connect-src 'self'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

/** Headers of the JSON the page polls. */
export const DATA_HEADERS: Record<string, string> = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};
