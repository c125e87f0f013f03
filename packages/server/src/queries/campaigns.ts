import type { CampaignList } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import { page } from '../kernel/paging.js';
import { type CampaignRow, campaignView } from '../rules/campaigns.js';

export async function listCampaigns(db: Sql, programId: string, limit: number, before?: number): Promise<CampaignList> {
  const rows = await db.query<CampaignRow>(
    `SELECT * FROM campaigns WHERE program_id = $1 AND ($2::bigint IS NULL OR seq < $2) ORDER BY seq DESC LIMIT $3`,
    [programId, before ?? null, limit + 1],
  );
  return page(rows, limit, (r) => r.seq, campaignView);
}
