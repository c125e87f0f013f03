#!/usr/bin/env node
// The member-center CLI. An installed package runs the compiled dist/cli.js with plain Node.
// In the workspace (src/ present, tsx a devDependency) it runs the TypeScript sources through
// tsx, resolving the other @member-center/* packages to their sources too.
import { existsSync } from 'node:fs';
import { register } from 'node:module';

const source = new URL('../src/cli.ts', import.meta.url);
if (existsSync(source)) {
  // What `node --conditions=@member-center/source` does, for this process's later imports.
  const hook = `export async function resolve(specifier, context, next) {
    return next(specifier, { ...context, conditions: [...context.conditions, '@member-center/source'] });
  }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
  const { register: registerTsx } = await import('tsx/esm/api');
  registerTsx();
  await import(source.href);
} else {
  await import(new URL('../dist/cli.js', import.meta.url).href);
}
