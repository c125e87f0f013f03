import type { openApiDocument } from '@member-center/contract/openapi';
import { html, raw } from 'hono/html';

type Document = ReturnType<typeof openApiDocument>;
interface Operation {
  operationId: string;
  summary: string;
  tags: string[];
  parameters: { name: string; in: string; required: boolean; schema: unknown; description?: string }[];
  requestBody?: { content: { 'application/json': { schema: unknown } } };
  responses: Record<string, { description: string; content?: { 'application/json': { schema: unknown } } }>;
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** The API reference as one static page rendered from the OpenAPI document: no script, no CDN. */
export function docsPage(doc: Document) {
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, Operation>).map(([method, op]) => ({ path, method, op })),
  );
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${doc.info.title} reference</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1f2328; }
  h2 { border-top: 1px solid #d0d7de; padding-top: 1.5rem; font-size: 1.1rem; }
  code, pre { font: 13px ui-monospace, monospace; }
  pre { background: #f6f8fa; padding: .75rem; overflow: auto; border-radius: 6px; max-height: 24rem; }
  .method { display: inline-block; min-width: 4rem; font-weight: 700; }
  table { border-collapse: collapse; } td, th { text-align: left; padding: .2rem .8rem .2rem 0; vertical-align: top; }
  nav a { display: block; } details { margin: .5rem 0; }
  @media (prefers-color-scheme: dark) { body { background: #0d1117; color: #e6edf3; } pre { background: #161b22; } }
</style>
</head>
<body>
<h1>${doc.info.title} <small>v${doc.info.version}</small></h1>
<p>${doc.info.description}</p>
<p>The machine-readable document: <a href="/v1/openapi.json">/v1/openapi.json</a> (OpenAPI 3.1).</p>
<nav>${operations.map(({ path, method, op }) => html`<a href="#${op.operationId}"><span class="method">${method.toUpperCase()}</span> ${path}</a>`)}</nav>
${operations.map(
  ({ path, method, op }) => html`
<h2 id="${op.operationId}"><span class="method">${method.toUpperCase()}</span> <code>${path}</code></h2>
<p>${op.summary} <em>(${op.tags.join(', ')})</em></p>
${
  op.parameters.length
    ? html`<table><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th></tr>
${op.parameters.map((p) => html`<tr><td><code>${p.name}</code></td><td>${p.in}</td><td>${p.required ? 'yes' : 'no'}</td><td><code>${json(p.schema)}</code></td></tr>`)}
</table>`
    : ''
}
${op.requestBody ? html`<details open><summary>Request body</summary><pre>${json(op.requestBody.content['application/json'].schema)}</pre></details>` : ''}
${Object.entries(op.responses).map(
  ([status, r]) =>
    html`<details${raw(status.startsWith('2') ? ' open' : '')}><summary><strong>${status}</strong> ${r.description}</summary>${
      r.content ? html`<pre>${json(r.content['application/json'].schema)}</pre>` : ''
    }</details>`,
)}`,
)}
<h2 id="errors">The error envelope</h2>
<pre>${json(doc.components.schemas.Error)}</pre>
</body>
</html>`;
}
