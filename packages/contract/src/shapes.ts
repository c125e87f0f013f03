import * as z from 'zod/mini';

// The building blocks of the API's answers (responses.ts, merchant-responses.ts). Not exported
// from the package: requests have stricter ones of the same names (primitives.ts). Their formats
// (uuid, date-time) are registered by openapi.ts for the documentation only, so browser bundles
// carry no registry.

export const Id = z.string();
export const Timestamp = z.string();
export const Currency = z.string();
export const PointsTotal = z.int();
export const PositivePoints = z.int();
export const Money = z.object({ amount: z.int(), currency: Currency });
export const list = <T extends z.ZodMiniType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.optional(z.string()) });
