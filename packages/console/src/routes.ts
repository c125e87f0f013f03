import type { ConsolePage } from './internal/page.js';

/** The console's pages: hash routes, each loaded on first visit (a chunk per page). */
export interface PageDef {
  tag: string;
  load: () => Promise<unknown>;
  /** In the main navigation, with this label key; absent: reached from another page. */
  nav?:
    | 'overview'
    | 'program'
    | 'coupons'
    | 'campaigns'
    | 'members'
    | 'rewards'
    | 'webhooks'
    | 'audit'
    | 'keys'
    | 'operators';
  /** The least role that sees the page in the navigation. */
  role?: 'viewer' | 'staff' | 'owner';
}

export const PAGES: Record<string, PageDef> = {
  overview: { tag: 'mc-page-overview', load: () => import('./pages/overview.js'), nav: 'overview' },
  program: { tag: 'mc-page-program', load: () => import('./pages/program.js'), nav: 'program' },
  members: { tag: 'mc-page-members', load: () => import('./pages/members.js'), nav: 'members' },
  member: { tag: 'mc-page-member', load: () => import('./pages/member.js') },
  rewards: { tag: 'mc-page-rewards', load: () => import('./pages/rewards.js'), nav: 'rewards' },
  coupons: { tag: 'mc-page-coupons', load: () => import('./pages/coupons.js'), nav: 'coupons' },
  campaigns: { tag: 'mc-page-campaigns', load: () => import('./pages/campaigns.js'), nav: 'campaigns' },
  webhooks: { tag: 'mc-page-webhooks', load: () => import('./pages/webhooks.js'), nav: 'webhooks' },
  audit: { tag: 'mc-page-audit', load: () => import('./pages/audit.js'), nav: 'audit' },
  keys: { tag: 'mc-page-keys', load: () => import('./pages/keys.js'), nav: 'keys', role: 'owner' },
  operators: { tag: 'mc-page-operators', load: () => import('./pages/operators.js'), nav: 'operators', role: 'owner' },
};

/** `#/member/c-42` → `{ name: 'member', arg: 'c-42' }`; anything unknown is the overview. */
export function parseHash(hash: string) {
  const [, name = '', ...rest] = hash.replace(/^#/, '').split('/');
  const arg = rest.map((p) => decodeURIComponent(p)).join('/');
  return { name: name in PAGES || name === 'welcome' ? name : 'overview', arg };
}

export const href = (name: string, arg?: string) => `#/${name}${arg ? `/${encodeURIComponent(arg)}` : ''}`;

export type PageElement = ConsolePage;
