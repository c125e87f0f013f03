#!/usr/bin/env node
/**
 * `prepublishOnly` of every published package: refuses to publish what would install broken.
 * - dist/ must be built (run `pnpm release`, which builds first);
 * - a `workspace:` range is only rewritten to a real version by pnpm (`pnpm publish`, which
 *   `changeset publish` uses): plain `npm publish` would ship it as it is.
 */
import { existsSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const problems = [];
const agent = process.env.npm_config_user_agent ?? '';
const byPnpm = agent.startsWith('pnpm/');
for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
  for (const [name, range] of Object.entries(pkg[field] ?? {})) {
    if (String(range).startsWith('workspace:') && !byPnpm) {
      problems.push(
        `${field}.${name} is "${range}": publish with \`pnpm release\` (pnpm rewrites workspace: ranges; npm does not)`,
      );
    }
  }
}
if (!existsSync('dist')) problems.push('dist/ is missing: run `pnpm build` (or `pnpm release`) first');
if (problems.length > 0) {
  console.error(`${pkg.name} cannot be published as it is:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
