#!/usr/bin/env node
/**
 * Writes each element's API tables (attributes, properties, events, slots, parts, CSS custom
 * properties) into docs/elements/<name>.md from the custom-elements manifest, between
 * `<!-- api:start -->` and `<!-- api:end -->` (appended at the end of a page that has no markers).
 *
 *   node scripts/docs-tables.mjs           update the pages
 *   node scripts/docs-tables.mjs --check   exit 1 if a page is out of date (for CI)
 *
 * Generate the manifest first: pnpm --filter @member-center/elements manifest
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const MANIFEST = join(ROOT, 'packages/elements/custom-elements.json');
const DOCS = join(ROOT, 'docs/elements');
const START = '<!-- api:start -->';
const END = '<!-- api:end -->';

const check = process.argv.includes('--check');

if (!existsSync(MANIFEST)) {
  console.error(`No ${relative(ROOT, MANIFEST)}: run pnpm --filter @member-center/elements manifest first.`);
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
const elements = manifest.modules
  .flatMap((module) => module.declarations ?? [])
  .filter((declaration) => declaration.customElement && declaration.tagName)
  .sort((a, b) => a.tagName.localeCompare(b.tagName));

let stale = 0;
for (const element of elements) {
  const page = join(DOCS, `${element.tagName.replace(/^mc-/, '')}.md`);
  const name = relative(ROOT, page);
  if (!existsSync(page)) {
    console.log(`skip ${element.tagName}: no ${name}`);
    continue;
  }
  const current = readFileSync(page, 'utf8');
  const next = withApiBlock(current, apiBlock(element));
  if (next === current) continue;
  stale++;
  if (check) console.error(`${name}: API tables out of date`);
  else {
    writeFileSync(page, next);
    console.log(`updated ${name}`);
  }
}
if (check && stale > 0) {
  console.error('Run: pnpm --filter @member-center/elements manifest && node scripts/docs-tables.mjs');
  process.exit(1);
}

/** The page with its API block replaced, or appended when it has no markers yet. */
function withApiBlock(page, block) {
  const start = page.indexOf(START);
  const end = page.indexOf(END);
  if (start !== -1 && end > start) return page.slice(0, start) + block + page.slice(end + END.length);
  return `${page.trimEnd()}\n\n${block}\n`;
}

/** The generated section for one element, markers included. */
function apiBlock(element) {
  const fields = (element.members ?? []).filter((member) => member.kind === 'field');
  const withAttribute = fields.filter((field) => field.attribute);
  const propertyOnly = fields.filter((field) => !field.attribute);
  const sections = [
    [
      'Attributes',
      ['Attribute', 'Property', 'Type', 'Default', 'Description'],
      withAttribute.map((f) => [
        code(f.attribute),
        code(f.name),
        code(f.type?.text),
        code(f.default),
        text(f.description),
      ]),
    ],
    [
      'Properties',
      ['Property', 'Type', 'Description'],
      propertyOnly.map((f) => [code(f.name), code(f.type?.text), text(f.description, f.readonly && 'Read-only.')]),
    ],
    [
      'Events',
      ['Event', 'Type', 'Description'],
      (element.events ?? []).map((e) => [code(e.name), code(e.type?.text), text(withoutOwnLink(e))]),
    ],
    [
      'Slots',
      ['Slot', 'Description'],
      (element.slots ?? []).map((s) => [s.name ? code(s.name) : '(default)', text(s.description)]),
    ],
    ['Parts', ['Part', 'Description'], (element.cssParts ?? []).map((p) => [code(p.name), text(p.description)])],
    [
      'CSS custom properties',
      ['Property', 'Description'],
      (element.cssProperties ?? []).map((p) => [code(p.name), text(p.description)]),
    ],
  ];
  const lines = [
    START,
    '',
    '## API reference',
    '',
    '<!-- Generated from the custom-elements manifest by scripts/docs-tables.mjs: edit the JSDoc, not this. -->',
  ];
  for (const [title, header, rows] of sections) {
    if (rows.length === 0) continue;
    lines.push('', `### ${title}`, '', ...table(header, rows));
  }
  lines.push('', END);
  return lines.join('\n');
}

/** A table laid out the way the repo's formatter (biome) lays out Markdown tables. */
function table(header, rows) {
  const widths = header.map((_, column) => Math.max(3, ...[header, ...rows].map((row) => width(row[column]))));
  const line = (cells) =>
    `| ${cells.map((cell, column) => cell + ' '.repeat(widths[column] - width(cell))).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

function width(cell) {
  return [...cell].length;
}

/** An event's description without the `{@link McFooEvent}` that its Type column already shows. */
function withoutOwnLink(event) {
  const link = event.type?.text && `{@link ${event.type.text}}`;
  if (!link || !event.description) return event.description;
  return event.description.replace(` (${link})`, '').replace(`(${link}, `, '(').replace(`, ${link})`, ')');
}

/** A value in backticks, with the table's pipes escaped; empty when there is none. */
function code(value) {
  if (value === undefined || value === null || value === '') return '';
  return `\`${String(value).replaceAll('|', '\\|')}\``;
}

/** JSDoc prose on one line, with `{@link X}` as code and pipes escaped. */
function text(...parts) {
  return parts
    .filter(Boolean)
    .join(' ')
    .replace(/\{@link\s+([^}\s]+)\s*\}/g, '`$1`')
    .replace(/\s+/g, ' ')
    .replaceAll('|', '\\|')
    .trim();
}
