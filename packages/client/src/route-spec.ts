import type { Routes } from '@member-center/contract';
import type { Output, RouteName, RouteSpec } from './http.js';

/**
 * A contract route as `client.send` takes it, typed by its answer: the helpers of routes few
 * pages use (`engagement.ts`) name their route once here, checked against the contract's table.
 */
export const routeSpec = <N extends RouteName>(route: Pick<Routes[N], 'method' | 'path' | 'response'>) =>
  route as unknown as RouteSpec<Output<N>>;
