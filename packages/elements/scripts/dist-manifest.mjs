#!/usr/bin/env node
/**
 * Writes dist/custom-elements.json, the manifest the package ships (its `customElements` field):
 * the workspace's custom-elements.json (which Storybook and the docs read, with src/*.ts paths)
 * with every module path pointing at the built dist/*.js that an installed package holds.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const manifest = readFileSync(new URL('custom-elements.json', root), 'utf8');
const shipped = manifest.replace(/"src\/([^"]+)\.[jt]s"/g, '"dist/$1.js"');
if (shipped.includes('"src/')) throw new Error('custom-elements.json still names a src/ path after the rewrite');
writeFileSync(new URL('dist/custom-elements.json', root), shipped);
