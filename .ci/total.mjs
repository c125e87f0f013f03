// Adds up the pass/fail counts that the test runners printed into one `N passed, N failed` line.
import { readFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';

const lines = stripVTControlCharacters(readFileSync(process.argv[2], 'utf8')).split('\n');
let passed = 0;
let failed = 0;
let lastWtr = '';
for (const [i, line] of lines.entries()) {
  // node's test runner: "# pass N" / "# fail N"
  const node = /^# (pass|fail) (\d+)$/.exec(line);
  if (node) {
    if (node[1] === 'pass') passed += Number(node[2]);
    else failed += Number(node[2]);
  }
  // web-test-runner's summary ("… test files | 36 passed, 0 failed") right before "Finished running tests";
  // it prints that pair twice, so a repeat of the same pair is counted once.
  const wtr = /test files \| (\d+) passed, (\d+) failed/.exec(line);
  const next = lines.slice(i + 1).find((l) => l.trim()) ?? '';
  if (wtr && /Finished running tests/.test(next)) {
    if (line !== lastWtr) {
      passed += Number(wtr[1]);
      failed += Number(wtr[2]);
    }
    lastWtr = line;
  } else if (line.trim() && !/Finished running tests/.test(line)) {
    lastWtr = '';
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
