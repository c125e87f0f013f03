// Copies Scalar's prebuilt browser bundle into dist/vendor/ at build time, so the published server
// serves /docs without installing @scalar/api-reference and its ~260 packages (a dev dependency).
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const entry = createRequire(import.meta.url).resolve('@scalar/api-reference');
const root = join(dirname(entry), '..');
const { version, license } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = new URL('../dist/vendor/', import.meta.url);
mkdirSync(out, { recursive: true });
copyFileSync(join(dirname(entry), 'browser', 'standalone.js'), new URL('scalar-standalone.js', out));
console.log(`dist/vendor/scalar-standalone.js: @scalar/api-reference ${version} (${license})`);
