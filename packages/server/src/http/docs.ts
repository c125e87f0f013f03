import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import type { Env } from './route.js';

/**
 * The API reference at /docs: Scalar's API reference renders /v1/openapi.json. Its standalone
 * bundle is served by this API (a copy the build ships in dist/vendor/), never from a CDN, under
 * a policy that lets the page reach nothing but this origin.
 */

interface Asset {
  readonly body: Buffer;
  readonly gzip: Buffer;
  readonly type: string;
}

/**
 * Scalar's browser bundle (4.8 MB, 1.4 MB gzipped): copied into dist/vendor/ by the build
 * (scripts/vendor-docs.mjs), so the published server needs no Scalar install; from the sources
 * (the workspace), read from the dev dependency.
 */
function scalarBundle() {
  const vendored = new URL('../vendor/scalar-standalone.js', import.meta.url);
  if (existsSync(vendored)) return readFileSync(vendored);
  const entry = createRequire(import.meta.url).resolve('@scalar/api-reference');
  return readFileSync(join(dirname(entry), 'browser', 'standalone.js'));
}

/**
 * Scalar's settings, in a script of our own (the policy allows no inline script). Nothing leaves
 * the page: no web fonts, no telemetry, no request proxy, no agent or MCP panel; "Test request"
 * sends from the browser to this API, as the client would.
 */
const SETTINGS = {
  url: '/v1/openapi.json',
  withDefaultFonts: false,
  telemetry: false,
  hideClientButton: true,
  showDeveloperTools: 'never',
  agent: { disabled: true },
  mcp: { disabled: true },
  documentDownloadType: 'json',
  defaultOpenAllTags: true,
  operationTitleSource: 'summary',
  defaultHttpClient: { targetKey: 'shell', clientKey: 'curl' },
  metaData: { title: 'Member Center API reference' },
};
// The examples' curl lines name this API's own address (the document names no server).
const init = `Scalar.createApiReference('#reference', Object.assign(${JSON.stringify(SETTINGS)}, { servers: [{ url: location.origin }] }));\n`;

const hashed = (name: string, body: Buffer, type: string) => {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return [`${name}.${hash}.js`, { body, gzip: gzipSync(body), type }] as const;
};

let assets: Map<string, Asset> | undefined;
/** Read, hashed and compressed on the first visit, not at every start (tests start many apps). */
function loadAssets() {
  assets ??= new Map([
    hashed('scalar', scalarBundle(), 'text/javascript; charset=utf-8'),
    hashed('init', Buffer.from(init), 'text/javascript; charset=utf-8'),
  ]);
  return [...assets.keys()];
}

/**
 * Scripts from this origin only, and requests to it only. Styles may be inline: Scalar adds
 * `<style>` elements at run time (some without the nonce it offers) and sets style attributes,
 * which no hash can cover. With connections and images held to this origin, an injected style
 * could not send anything anywhere.
 */
export const DOCS_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function page(c: Context) {
  const [scalar, settings] = loadAssets();
  c.header('Content-Security-Policy', DOCS_POLICY);
  c.header('Cache-Control', 'no-cache');
  return c.html(html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Member Center API reference</title>
<link rel="icon" href="data:,">
</head>
<body>
<noscript>The reference needs JavaScript. The OpenAPI 3.1 document: <a href="/v1/openapi.json">/v1/openapi.json</a>.</noscript>
<div id="reference"></div>
<script src="/docs/assets/${scalar}"></script>
<script src="/docs/assets/${settings}"></script>
</body>
</html>`);
}

function asset(c: Context) {
  loadAssets();
  const found = assets?.get(c.req.param('file') ?? '');
  if (!found) return c.json({ error: { code: 'not_found', message: 'No such asset.' } }, 404);
  const gzip = /\bgzip\b/.test(c.req.header('Accept-Encoding') ?? '');
  // The name carries the content's hash: a new version is a new name.
  c.header('Cache-Control', 'public, max-age=31536000, immutable');
  c.header('Content-Type', found.type);
  c.header('Vary', 'Accept-Encoding');
  c.header('X-Content-Type-Options', 'nosniff');
  if (gzip) c.header('Content-Encoding', 'gzip');
  return c.body(new Uint8Array(gzip ? found.gzip : found.body));
}

/** GET /docs (the reference) and GET /docs/assets/:file (its scripts). */
export function mountDocs(app: Hono<Env>) {
  app.get('/docs', page);
  app.get('/docs/assets/:file', asset);
}
