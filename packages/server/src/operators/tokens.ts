import { createHash, randomBytes } from 'node:crypto';

/** A random secret for a cookie or a login link, and the digest the database keeps of it. */
export const newSecret = () => randomBytes(32).toString('base64url');
export const digest = (secret: string) => createHash('sha256').update(secret).digest('base64url');
