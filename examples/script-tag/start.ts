// `pnpm start`: the loyalty API on :8787 (PGlite in ./.data, or DATABASE_URL) with the demo
// program, and the demo shop on :8788 — another origin, as on a real merchant site.
import { fileURLToPath } from 'node:url';
import { DEMO_MEMBER, demoOperator, openDatabase, seedDemo, signMemberToken, startServer } from '@member-center/server';
import { startShop } from './shop.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = process.env.MC_DATA_DIR ?? `${root}.data`;
const db = await openDatabase(process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : { dataDir });
const { program, created } = await seedDemo(db);
const api = await startServer(db, { port: Number(process.env.PORT ?? 8787) });
const owner = await demoOperator(db, program);
const shop = await startShop({
  port: Number(process.env.SHOP_PORT ?? 8788),
  apiUrl: api.url,
  publishableKey: program.publishable_key,
  secretKey: program.secret_key,
  embedDir: fileURLToPath(new URL('../../packages/embed/dist', import.meta.url)),
});

console.log(`Member Center is running.

  demo shop        ${shop.url}   (log in as the demo member, place orders, redeem)
  API              ${api.url}   (${db.kind === 'postgres' ? 'PostgreSQL' : `PGlite in ${dataDir}`})
  API reference    ${api.url}/docs
  console          ${api.url}/console   (sign in as ${owner.email} / ${owner.password}; a new password at every start)

Demo program "${program.name}" (${created ? 'created now' : 'from an earlier start'})
  publishable key  ${program.publishable_key}
  secret key       ${program.secret_key}   (server-side only)
  demo member      ${DEMO_MEMBER}; a token valid 24 h:
  ${await signMemberToken(program.secret_key, DEMO_MEMBER, { ttl: 24 * 60 * 60 })}

Stop with Ctrl+C.`);

const stop = async () => {
  await Promise.all([shop.close(), api.close()]);
  await db.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
