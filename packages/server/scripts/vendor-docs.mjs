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

// The console (packages/console, a Vite build) ships in dist/console/: the API serves it at
// /console, from its own files, in the published server as in the workspace.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const consoleDir = fileURLToPath(new URL('../../console/', import.meta.url));
const vite = join(consoleDir, 'node_modules', 'vite', 'bin', 'vite.js');
execFileSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: consoleDir, stdio: 'inherit' });
if (!existsSync(join(consoleDir, 'dist', 'index.html'))) throw new Error('the console build wrote no index.html');
const consoleOut = fileURLToPath(new URL('../dist/console/', import.meta.url));
rmSync(consoleOut, { recursive: true, force: true });
cpSync(join(consoleDir, 'dist'), consoleOut, { recursive: true });
console.log('dist/console/: the console, from packages/console');
