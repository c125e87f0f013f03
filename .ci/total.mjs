// Adds up the pass/fail counts that the test runners printed into one `N passed, N failed` line.
import { readFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';

const log = stripVTControlCharacters(readFileSync(process.argv[2], 'utf8'));
let passed = 0;
let failed = 0;
for (const [, n] of log.matchAll(/^# pass (\d+)$/gm)) passed += Number(n);
for (const [, n] of log.matchAll(/^# fail (\d+)$/gm)) failed += Number(n);
// web-test-runner's summary, e.g. "Chromium: |████| 12/12 test files | 64 passed, 0 failed"
for (const [, p, f] of log.matchAll(/(\d+) passed, (\d+) failed/g)) {
  passed += Number(p);
  failed += Number(f);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
