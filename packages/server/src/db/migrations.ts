import { createHash } from 'node:crypto';
import type { Database } from './sql.js';

/**
 * The schema, one migration per entry, applied in order and never edited once released.
 * Postgres does the bookkeeping: constraints keep balances and stock from going negative,
 * a trigger keeps the ledger append-only.
 */
const migrations: readonly string[] = [
  /* 1: programs, members, the ledger, rewards, redemptions, idempotency */ `
  CREATE TABLE programs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL,
    currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    locale text NOT NULL DEFAULT 'en',
    site_url text,
    allowed_origins text[] NOT NULL DEFAULT '{}',
    publishable_key text NOT NULL UNIQUE,
    secret_key text NOT NULL UNIQUE,
    points_per_unit integer NOT NULL DEFAULT 1 CHECK (points_per_unit >= 0),
    cash_points integer CHECK (cash_points > 0),
    cash_minor integer CHECK (cash_minor > 0),
    tier_window_months integer NOT NULL DEFAULT 12 CHECK (tier_window_months > 0),
    referrer_points integer NOT NULL DEFAULT 0,
    referee_points integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX programs_allowed_origins ON programs USING gin (allowed_origins);

  CREATE TABLE tiers (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    program_id uuid NOT NULL REFERENCES programs ON DELETE CASCADE,
    name text NOT NULL,
    threshold bigint NOT NULL CHECK (threshold >= 0),
    multiplier_percent integer NOT NULL DEFAULT 100 CHECK (multiplier_percent >= 0),
    benefits text[] NOT NULL DEFAULT '{}',
    UNIQUE (program_id, threshold)
  );

  CREATE TABLE members (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    program_id uuid NOT NULL REFERENCES programs ON DELETE CASCADE,
    customer_id text NOT NULL,
    name text,
    email text,
    birthday date,
    balance bigint NOT NULL DEFAULT 0 CHECK (balance >= 0),
    lifetime_earned bigint NOT NULL DEFAULT 0 CHECK (lifetime_earned >= 0),
    referral_code text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (program_id, customer_id),
    UNIQUE (program_id, referral_code)
  );

  CREATE TABLE ledger_entries (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id uuid NOT NULL REFERENCES programs ON DELETE CASCADE,
    member_id uuid NOT NULL REFERENCES members ON DELETE CASCADE,
    type text NOT NULL CHECK (type IN ('order', 'redemption', 'adjustment')),
    points bigint NOT NULL CHECK (points <> 0),
    balance_after bigint NOT NULL CHECK (balance_after >= 0),
    -- counts toward tier qualification (points earned from purchases)
    qualifying boolean NOT NULL DEFAULT false,
    description text NOT NULL,
    order_id text,
    redemption_id uuid,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX ledger_entries_member ON ledger_entries (member_id, id DESC);
  CREATE INDEX ledger_entries_qualifying ON ledger_entries (member_id, created_at) WHERE qualifying;

  CREATE FUNCTION ledger_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'ledger_entries is append-only: % refused', TG_OP;
  END $$;
  CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_is_append_only();

  CREATE TABLE orders (
    program_id uuid NOT NULL REFERENCES programs ON DELETE CASCADE,
    order_id text NOT NULL,
    member_id uuid NOT NULL REFERENCES members ON DELETE CASCADE,
    amount bigint NOT NULL,
    currency text NOT NULL,
    points_awarded bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (program_id, order_id)
  );

  CREATE TABLE rewards (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    program_id uuid NOT NULL REFERENCES programs ON DELETE CASCADE,
    name text NOT NULL,
    description text,
    image_url text,
    cost bigint NOT NULL CHECK (cost > 0),
    stock bigint CHECK (stock >= 0),
    per_member_limit integer CHECK (per_member_limit > 0),
    tier_id uuid REFERENCES tiers ON DELETE SET NULL,
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX rewards_program ON rewards (program_id, seq);

  CREATE TABLE redemptions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    program_id uuid NOT NULL REFERENCES programs ON DELETE CASCADE,
    member_id uuid NOT NULL REFERENCES members ON DELETE CASCADE,
    reward_id uuid NOT NULL REFERENCES rewards,
    reward_name text NOT NULL,
    points bigint NOT NULL CHECK (points > 0),
    code text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (program_id, code)
  );
  CREATE INDEX redemptions_member ON redemptions (member_id, seq DESC);
  CREATE INDEX redemptions_member_reward ON redemptions (member_id, reward_id);

  -- Stripe-style idempotency: the first response to a key, replayed for retries.
  CREATE TABLE idempotency_keys (
    program_id uuid NOT NULL REFERENCES programs ON DELETE CASCADE,
    scope text NOT NULL,
    key text NOT NULL,
    request_hash text NOT NULL,
    status integer,
    response json, -- json, not jsonb: a replay must repeat the first response byte for byte
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (program_id, scope, key)
  );
  `,
  /* 2: expiry — per-earn lots consumed oldest first, expiry entries in the ledger */ `
  -- null: points never expire
  ALTER TABLE programs ADD COLUMN points_expire_months integer CHECK (points_expire_months BETWEEN 1 AND 120);

  ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_type_check;
  ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_type_check
    CHECK (type IN ('order', 'redemption', 'adjustment', 'expiry'));

  -- What is left of each credit. The open lots of a member always add up to its balance;
  -- debits take from the oldest lot first, under the member row lock post() holds.
  CREATE TABLE point_lots (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id uuid NOT NULL REFERENCES programs ON DELETE CASCADE,
    member_id uuid NOT NULL REFERENCES members ON DELETE CASCADE,
    entry_id bigint REFERENCES ledger_entries, -- the credit; null for balances from before lots
    points bigint NOT NULL CHECK (points > 0),
    remaining bigint NOT NULL CHECK (remaining >= 0 AND remaining <= points),
    earned_at timestamptz NOT NULL,
    expires_at timestamptz -- null: never
  );
  CREATE INDEX point_lots_open ON point_lots (member_id, earned_at, id) WHERE remaining > 0;
  CREATE INDEX point_lots_due ON point_lots (expires_at) WHERE remaining > 0 AND expires_at IS NOT NULL;

  -- Balances earned before lots existed become one lot each that never expires.
  INSERT INTO point_lots (program_id, member_id, points, remaining, earned_at)
    SELECT program_id, id, balance, balance, now() FROM members WHERE balance > 0;
  `,
  /* 3: pending points — order points held for the return window */ `
  ALTER TABLE programs ADD COLUMN return_window_days integer NOT NULL DEFAULT 0
    CHECK (return_window_days BETWEEN 0 AND 365);

  -- An order's points before they can be spent: not in the balance nor the ledger until
  -- released, when they are posted as the order's ledger entry (and lot).
  CREATE TABLE pending_points (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id uuid NOT NULL REFERENCES programs ON DELETE CASCADE,
    member_id uuid NOT NULL REFERENCES members ON DELETE CASCADE,
    order_id text NOT NULL,
    points bigint NOT NULL CHECK (points > 0),
    available_at timestamptz NOT NULL,
    released_at timestamptz,
    UNIQUE (program_id, order_id)
  );
  CREATE INDEX pending_points_due ON pending_points (available_at) WHERE released_at IS NULL;
  CREATE INDEX pending_points_member ON pending_points (member_id, available_at) WHERE released_at IS NULL;
  `,
  /* 4: refunds — proportional clawback, debt paid first by later credits */ `
  -- true: the member's balance is shown net of their debt, so it may read below zero.
  ALTER TABLE programs ADD COLUMN allow_negative_balance boolean NOT NULL DEFAULT false;

  -- Points clawed back that the balance could not cover. The stored balance never goes
  -- below zero; later credits pay the debt before anything becomes spendable.
  ALTER TABLE members ADD COLUMN debt bigint NOT NULL DEFAULT 0 CHECK (debt >= 0);

  ALTER TABLE orders ADD COLUMN refunded_amount bigint NOT NULL DEFAULT 0,
    ADD COLUMN points_clawed_back bigint NOT NULL DEFAULT 0;
  ALTER TABLE orders ADD CONSTRAINT orders_refunds_within_total
    CHECK (refunded_amount BETWEEN 0 AND amount AND points_clawed_back BETWEEN 0 AND points_awarded);

  ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_type_check;
  ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_type_check
    CHECK (type IN ('order', 'redemption', 'adjustment', 'expiry', 'refund'));

  CREATE TABLE refunds (
    program_id uuid NOT NULL REFERENCES programs ON DELETE CASCADE,
    refund_id text NOT NULL,
    order_id text NOT NULL,
    member_id uuid NOT NULL REFERENCES members ON DELETE CASCADE,
    amount bigint NOT NULL CHECK (amount > 0),
    -- all points taken back for this refund: from the pending hold, the balance or as debt
    points bigint NOT NULL CHECK (points >= 0),
    -- when the order's points began to count toward tiers (its ledger entry); null when the
    -- refund shrank a pending hold instead, so there is nothing to take off tier progress
    counted_at timestamptz,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (program_id, refund_id),
    FOREIGN KEY (program_id, order_id) REFERENCES orders ON DELETE CASCADE
  );
  CREATE INDEX refunds_member_counted ON refunds (member_id, counted_at) WHERE counted_at IS NOT NULL;
  `,
  /* 5: campaigns — time-boxed earn multipliers */ `
  CREATE TABLE campaigns (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    program_id uuid NOT NULL REFERENCES programs ON DELETE CASCADE,
    name text NOT NULL,
    multiplier_percent integer NOT NULL CHECK (multiplier_percent BETWEEN 100 AND 10000),
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
    -- only members at this tier or above
    tier_id uuid REFERENCES tiers ON DELETE CASCADE,
    -- only a member's first order in the program
    first_order_only boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX campaigns_program_ends ON campaigns (program_id, ends_at);

  -- The campaign that multiplied the order's points, if any.
  ALTER TABLE orders ADD COLUMN campaign_id uuid REFERENCES campaigns;
  `,
  /* 6: birthday rewards — once a year in the birthday month, in the program's time zone */ `
  -- The program's days and months (birthdays, check-ins) begin at midnight in this IANA zone.
  ALTER TABLE programs ADD COLUMN time_zone text NOT NULL DEFAULT 'Asia/Shanghai';
  -- 0: no birthday reward
  ALTER TABLE programs ADD COLUMN birthday_points integer NOT NULL DEFAULT 0
    CHECK (birthday_points BETWEEN 0 AND 1000000);

  ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_type_check;
  ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_type_check
    CHECK (type IN ('order', 'redemption', 'adjustment', 'expiry', 'refund', 'birthday'));

  CREATE TABLE birthday_rewards (
    program_id uuid NOT NULL REFERENCES programs ON DELETE CASCADE,
    member_id uuid NOT NULL REFERENCES members ON DELETE CASCADE,
    year integer NOT NULL, -- the program's local year
    points integer NOT NULL CHECK (points > 0),
    created_at timestamptz NOT NULL,
    PRIMARY KEY (member_id, year)
  );
  -- The sweep looks members up by birthday month.
  CREATE INDEX members_birthday_month ON members (program_id, (extract(month FROM birthday)))
    WHERE birthday IS NOT NULL;
  `,
  /* 7: daily check-ins — once per member per local day, streak bonuses */ `
  -- null: no check-ins. Every check_in_bonus_day-th day of a streak earns check_in_bonus_points more.
  ALTER TABLE programs ADD COLUMN check_in_points integer CHECK (check_in_points BETWEEN 1 AND 1000000),
    ADD COLUMN check_in_bonus_day integer NOT NULL DEFAULT 7 CHECK (check_in_bonus_day BETWEEN 2 AND 365),
    ADD COLUMN check_in_bonus_points integer NOT NULL DEFAULT 0 CHECK (check_in_bonus_points BETWEEN 0 AND 1000000);

  ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_type_check;
  ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_type_check
    CHECK (type IN ('order', 'redemption', 'adjustment', 'expiry', 'refund', 'birthday', 'check_in'));

  CREATE TABLE check_ins (
    program_id uuid NOT NULL REFERENCES programs ON DELETE CASCADE,
    member_id uuid NOT NULL REFERENCES members ON DELETE CASCADE,
    local_date date NOT NULL, -- the day in the program's time zone
    streak integer NOT NULL CHECK (streak >= 1),
    points integer NOT NULL CHECK (points >= 0),
    created_at timestamptz NOT NULL,
    PRIMARY KEY (member_id, local_date)
  );
  `,
  /* 8: webhooks — endpoints and a durable outbox written in the same transaction as the change */ `
  CREATE TABLE webhook_outbox (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id uuid NOT NULL REFERENCES programs ON DELETE CASCADE,
    event_id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    type text NOT NULL,
    data json NOT NULL,
    created_at timestamptz NOT NULL,
    -- set when the worker has made the event's deliveries, one per subscribed endpoint
    dispatched_at timestamptz
  );
  CREATE INDEX webhook_outbox_undispatched ON webhook_outbox (id) WHERE dispatched_at IS NULL;

  CREATE TABLE webhook_endpoints (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    program_id uuid NOT NULL REFERENCES programs ON DELETE CASCADE,
    url text NOT NULL,
    events text[] NOT NULL CHECK (cardinality(events) > 0),
    secret text NOT NULL, -- kept in clear: every delivery is signed with it
    created_at timestamptz NOT NULL
  );
  CREATE INDEX webhook_endpoints_program ON webhook_endpoints (program_id, seq);

  -- One event to one endpoint. A worker claims a due row by pushing next_attempt_at past the
  -- request's timeout (a lease), sends it outside any transaction, then records the outcome.
  CREATE TABLE webhook_deliveries (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id uuid NOT NULL REFERENCES programs ON DELETE CASCADE,
    endpoint_id uuid NOT NULL REFERENCES webhook_endpoints ON DELETE CASCADE,
    outbox_id bigint NOT NULL REFERENCES webhook_outbox ON DELETE CASCADE,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL,
    last_status integer, -- HTTP status of the last attempt; null: none yet, or no response
    last_error text,
    delivered_at timestamptz,
    created_at timestamptz NOT NULL,
    UNIQUE (outbox_id, endpoint_id)
  );
  CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
  CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id DESC);

  -- points.expiring is sent once per lot: a lot noted here is never announced again.
  ALTER TABLE programs ADD COLUMN expiry_notice_days integer NOT NULL DEFAULT 7
    CHECK (expiry_notice_days BETWEEN 1 AND 90);
  CREATE TABLE expiry_notices (
    lot_id bigint PRIMARY KEY REFERENCES point_lots ON DELETE CASCADE,
    created_at timestamptz NOT NULL
  );
  `,
  /* 9: tier rules — what tiers qualify on, and the tier each member holds until its period ends */ `
  -- Tiers qualify on purchase points or on spend (minor units, net of refunds), over the last
  -- tier_window_months months or the calendar year in the program's time zone.
  ALTER TABLE programs
    ADD COLUMN tier_basis text NOT NULL DEFAULT 'points' CHECK (tier_basis IN ('points', 'spend')),
    ADD COLUMN tier_period text NOT NULL DEFAULT 'rolling_months'
      CHECK (tier_period IN ('rolling_months', 'calendar_year'));

  -- The tier a member holds (null: the program's threshold-0 tier, if any). Upgrades happen at
  -- once; it can only go down at tier_until, judged on the progress made from tier_counts_from
  -- (inclusive) to tier_until (exclusive). tier_until is null when the tier cannot be lost.
  ALTER TABLE members
    ADD COLUMN tier_id uuid REFERENCES tiers ON DELETE SET NULL,
    ADD COLUMN tier_counts_from timestamptz,
    ADD COLUMN tier_until timestamptz;
  CREATE INDEX members_tier_due ON members (tier_until) WHERE tier_until IS NOT NULL;

  -- Tier changes are ledger entries of 0 points (and only they are).
  ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_type_check;
  ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_type_check
    CHECK (type IN ('order', 'redemption', 'adjustment', 'expiry', 'refund', 'birthday', 'check_in', 'tier'));
  ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_points_check;
  ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_points_check CHECK ((points = 0) = (type = 'tier'));

  -- Held order points count toward tiers from the end of their return window, released or not.
  CREATE INDEX pending_points_member_available ON pending_points (member_id, available_at);

  -- Members keep the tier they were shown before tiers were stored (purchase points over the
  -- rolling window), held for a full window from now, without a ledger event: nothing changed.
  UPDATE members m SET tier_id = (
    SELECT t.id FROM tiers t JOIN programs p ON p.id = t.program_id
    WHERE t.program_id = m.program_id AND t.threshold > 0 AND t.threshold <=
      coalesce((SELECT sum(l.points) FROM ledger_entries l WHERE l.member_id = m.id AND l.qualifying
                AND l.created_at > now() - make_interval(months => p.tier_window_months)), 0)
      - coalesce((SELECT sum(r.points) FROM refunds r WHERE r.member_id = m.id
                  AND r.counted_at > now() - make_interval(months => p.tier_window_months)), 0)
    ORDER BY t.threshold DESC LIMIT 1);
  UPDATE members m SET tier_counts_from = now(), tier_until = now() + make_interval(months => p.tier_window_months)
    FROM programs p WHERE p.id = m.program_id AND m.tier_id IS NOT NULL;
  `,
  /* 10: referrals — attributions (pending, rewarded, blocked or disqualified, with a reason) and their rules */ `
  -- The referee's first order must reach this (minor units) for both sides to be rewarded.
  ALTER TABLE programs ADD COLUMN referral_min_order bigint NOT NULL DEFAULT 0
      CHECK (referral_min_order BETWEEN 0 AND 1000000000),
    -- at most this many attributions per referrer in any 7 days; null: no cap
    ADD COLUMN referral_weekly_limit integer DEFAULT 10 CHECK (referral_weekly_limit BETWEEN 1 AND 100000),
    -- at most this many attributions from one IP in referral_ip_window_minutes; null: no limit
    ADD COLUMN referral_ip_limit integer DEFAULT 5 CHECK (referral_ip_limit BETWEEN 1 AND 100000),
    ADD COLUMN referral_ip_window_minutes integer NOT NULL DEFAULT 60
      CHECK (referral_ip_window_minutes BETWEEN 1 AND 10080);
  ALTER TABLE programs ADD CONSTRAINT programs_referral_points_check
    CHECK (referrer_points BETWEEN 0 AND 1000000 AND referee_points BETWEEN 0 AND 1000000);

  -- 'referral' joins whatever entry types the migrations before this one allow (slot 9 may add
  -- its own), so the list is extended rather than restated.
  DO $$
  DECLARE allowed text;
  BEGIN
    SELECT substring(pg_get_constraintdef(oid) FROM '^CHECK \\((.*)\\)$') INTO allowed FROM pg_constraint
    WHERE conrelid = 'ledger_entries'::regclass AND conname = 'ledger_entries_type_check';
    ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_type_check;
    EXECUTE format('ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_type_check CHECK (%s OR type = %L)',
      allowed, 'referral');
  END $$;

  CREATE TABLE referrals (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    program_id uuid NOT NULL REFERENCES programs ON DELETE CASCADE,
    referrer_id uuid NOT NULL REFERENCES members ON DELETE CASCADE,
    referee_id uuid NOT NULL REFERENCES members ON DELETE CASCADE,
    code text NOT NULL,
    email text, -- the referee's, as the merchant passed it
    ip inet,
    status text NOT NULL CHECK (status IN ('pending', 'rewarded', 'blocked', 'disqualified')),
    reason text CHECK ((reason IS NOT NULL) = (status IN ('blocked', 'disqualified'))),
    order_id text, -- the referee's first order, once judged
    referrer_points integer NOT NULL DEFAULT 0 CHECK (referrer_points >= 0),
    referee_points integer NOT NULL DEFAULT 0 CHECK (referee_points >= 0),
    created_at timestamptz NOT NULL,
    settled_at timestamptz, -- rewarded or disqualified
    -- a retry of the same attribution finds the first one
    UNIQUE (program_id, referee_id, referrer_id)
  );
  -- A referee is attributed once; blocked attempts are kept beside it as evidence.
  CREATE UNIQUE INDEX referrals_one_per_referee ON referrals (referee_id) WHERE status <> 'blocked';
  CREATE INDEX referrals_referrer ON referrals (referrer_id, created_at);
  CREATE INDEX referrals_ip ON referrals (program_id, ip, created_at) WHERE ip IS NOT NULL;
  CREATE INDEX referrals_program ON referrals (program_id, seq DESC);
  CREATE INDEX referrals_program_status ON referrals (program_id, status, seq DESC);
  `,
  /* 11: segmentation — per-member order aggregates kept by the order and refund transactions */ `
  -- Lifecycle stage thresholds, in days (except loyal_orders). The windows nest: new and loyal
  -- fit inside "not yet at risk", and at risk comes before churned.
  ALTER TABLE programs
    ADD COLUMN segment_new_days integer NOT NULL DEFAULT 30 CHECK (segment_new_days BETWEEN 1 AND 3650),
    ADD COLUMN segment_loyal_orders integer NOT NULL DEFAULT 3 CHECK (segment_loyal_orders BETWEEN 1 AND 100000),
    ADD COLUMN segment_loyal_days integer NOT NULL DEFAULT 60 CHECK (segment_loyal_days BETWEEN 1 AND 3650),
    ADD COLUMN segment_at_risk_days integer NOT NULL DEFAULT 90 CHECK (segment_at_risk_days BETWEEN 1 AND 3650),
    ADD COLUMN segment_churned_days integer NOT NULL DEFAULT 180 CHECK (segment_churned_days BETWEEN 2 AND 3660),
    ADD CONSTRAINT programs_segment_windows CHECK (segment_new_days <= segment_at_risk_days
      AND segment_loyal_days <= segment_at_risk_days AND segment_at_risk_days < segment_churned_days);

  -- What RFM and the stage are computed from. An order counts until it is fully refunded;
  -- net_spend is in the program's minor units, refunds taken off.
  ALTER TABLE members
    ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY,
    ADD COLUMN order_count integer NOT NULL DEFAULT 0 CHECK (order_count >= 0),
    ADD COLUMN net_spend bigint NOT NULL DEFAULT 0 CHECK (net_spend >= 0),
    ADD COLUMN first_order_at timestamptz,
    ADD COLUMN last_order_at timestamptz;

  UPDATE members m SET order_count = a.orders, net_spend = a.spend, first_order_at = a.first_at, last_order_at = a.last_at
  FROM (
    SELECT member_id, count(*) FILTER (WHERE refunded_amount < amount OR amount = 0) AS orders,
      sum(amount - refunded_amount) AS spend,
      min(created_at) FILTER (WHERE refunded_amount < amount OR amount = 0) AS first_at,
      max(created_at) FILTER (WHERE refunded_amount < amount OR amount = 0) AS last_at
    FROM orders GROUP BY member_id
  ) a WHERE a.member_id = m.id;

  -- The merchant's member list pages by seq; the RFM cut points walk these in order.
  CREATE UNIQUE INDEX members_program_seq ON members (program_id, seq);
  CREATE INDEX members_recency ON members (program_id, last_order_at) WHERE order_count > 0;
  CREATE INDEX members_frequency ON members (program_id, order_count) WHERE order_count > 0;
  CREATE INDEX members_monetary ON members (program_id, net_spend) WHERE order_count > 0;
  -- A full refund recomputes the member's first and last order from their remaining orders.
  CREATE INDEX orders_member ON orders (member_id, created_at);
  `,
  /* 12: next_due_at — one indexed instant per member before which nothing of theirs falls due */ `
  -- When a pending referral comes due: the end of the referee's first order's return window
  -- (its hold's release, or the order plus the window when nothing was held; hours, not days,
  -- so the instant does not depend on the session's time zone). Null: no first order yet.
  CREATE FUNCTION referral_due_at(referee uuid) RETURNS timestamptz LANGUAGE sql STABLE AS $$
    SELECT coalesce(h.available_at, o.created_at + make_interval(hours => 24 * p.return_window_days))
    FROM orders o JOIN programs p ON p.id = o.program_id
      LEFT JOIN pending_points h ON h.program_id = o.program_id AND h.order_id = o.order_id
    WHERE o.member_id = referee ORDER BY o.created_at, o.order_id LIMIT 1
  $$;

  -- The earliest moment anything of the member's state changes by the passing of time: the end
  -- of their tier period, an open lot's expiry, a held order's release, or a pending referral
  -- of theirs (either side) coming due. least() skips nulls; null: nothing ever falls due.
  CREATE FUNCTION member_due_at(member uuid) RETURNS timestamptz LANGUAGE sql STABLE AS $$
    SELECT least(
      (SELECT tier_until FROM members WHERE id = member),
      (SELECT min(expires_at) FROM point_lots WHERE member_id = member AND remaining > 0),
      (SELECT min(available_at) FROM pending_points WHERE member_id = member AND released_at IS NULL),
      (SELECT referral_due_at(member) FROM referrals WHERE referee_id = member AND status = 'pending'),
      (SELECT min(referral_due_at(referee_id)) FROM referrals WHERE referrer_id = member AND status = 'pending')
    )
  $$;

  -- Every write that creates such work lowers next_due_at to it; the member-state step sets it
  -- exactly. So "is anything due?" is answered from the member row, and the sweep reads one index.
  ALTER TABLE members ADD COLUMN next_due_at timestamptz, ADD COLUMN birthday_year integer;
  UPDATE members m SET next_due_at = member_due_at(m.id),
    birthday_year = (SELECT max(year) FROM birthday_rewards b WHERE b.member_id = m.id);
  CREATE INDEX members_next_due ON members (next_due_at, id) WHERE next_due_at IS NOT NULL;
  `,
  /* 13: rate-limit token buckets, shared by every API process on this database */ `
  -- One row per bucket (kind:program:member or kind:program:ip), taken from with one
  -- INSERT … ON CONFLICT DO UPDATE. UNLOGGED: no WAL; after a crash it is empty, i.e. every
  -- bucket full. \`at\` is milliseconds since the epoch, as the API's clock reads it.
  CREATE UNLOGGED TABLE rate_limit_buckets (
    id text PRIMARY KEY,
    tokens double precision NOT NULL,
    at bigint NOT NULL,
    allowed boolean NOT NULL
  );
  CREATE INDEX rate_limit_buckets_at ON rate_limit_buckets (at);
  `,
  /* 14: program settings and the catalogue — join/login URLs, tier translations and removal, reward kinds, translations, archiving */ `
  ALTER TABLE programs ADD COLUMN join_url text, ADD COLUMN login_url text;

  -- A removed tier is kept (members, rewards, campaigns and orders may still name it) but is no
  -- longer one of the program's tiers: thresholds are unique among the tiers not removed, checked
  -- at commit, so that one PATCH can swap two tiers' thresholds.
  ALTER TABLE tiers ADD COLUMN translations jsonb NOT NULL DEFAULT '{}', ADD COLUMN removed_at timestamptz;
  ALTER TABLE tiers DROP CONSTRAINT tiers_program_id_threshold_key;
  ALTER TABLE tiers ADD CONSTRAINT tiers_one_per_threshold
    EXCLUDE USING btree (program_id WITH =, threshold WITH =) WHERE (removed_at IS NULL) DEFERRABLE INITIALLY DEFERRED;

  -- What a reward is; a coupon may say what it takes off (money in the program's currency, or a
  -- percentage). Archived rewards are inactive for good; their coupons stay valid.
  ALTER TABLE rewards
    ADD COLUMN kind text NOT NULL DEFAULT 'custom' CHECK (kind IN ('coupon', 'product', 'free_shipping', 'custom')),
    ADD COLUMN value_minor bigint CHECK (value_minor > 0),
    ADD COLUMN percent_off integer CHECK (percent_off BETWEEN 1 AND 100),
    ADD COLUMN translations jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN archived_at timestamptz,
    ADD CONSTRAINT rewards_coupon_terms CHECK ((value_minor IS NULL AND percent_off IS NULL)
      OR (kind = 'coupon' AND (value_minor IS NULL OR percent_off IS NULL))),
    ADD CONSTRAINT rewards_archived_inactive CHECK (archived_at IS NULL OR NOT active);

  -- A tier edit that may lift members (a lower threshold, a new tier) marks them: the member-state
  -- step reviews their tier the next time they are due (next_due_at is lowered with it).
  ALTER TABLE members ADD COLUMN tier_review_due boolean NOT NULL DEFAULT false;
  `,
  /* 15: coupons — status and validity of every code, merchant-issued batches, points as cash (held points) */ `
  -- Codes issued by a reward are valid this many days; null: no expiry.
  ALTER TABLE rewards ADD COLUMN valid_days integer CHECK (valid_days BETWEEN 1 AND 3650);

  -- Points as cash at checkout: a member turns at least discount_min_points (in steps of
  -- discount_step, at most discount_max_points) into a money-off code valid discount_valid_minutes,
  -- worth cash_minor per cash_points, and at most discount_max_share_percent of an order. null
  -- discount_min_points: no points discounts.
  ALTER TABLE programs
    ADD COLUMN discount_min_points integer CHECK (discount_min_points BETWEEN 1 AND 1000000000),
    ADD COLUMN discount_step integer NOT NULL DEFAULT 1 CHECK (discount_step BETWEEN 1 AND 1000000000),
    ADD COLUMN discount_max_points integer CHECK (discount_max_points BETWEEN 1 AND 1000000000),
    ADD COLUMN discount_valid_minutes integer NOT NULL DEFAULT 30 CHECK (discount_valid_minutes BETWEEN 1 AND 10080),
    -- at most this share of an order's total (checked when the checkout sends it); null: no cap
    ADD COLUMN discount_max_share_percent integer CHECK (discount_max_share_percent BETWEEN 1 AND 100),
    ADD CONSTRAINT programs_discount_range CHECK (discount_max_points >= discount_min_points);

  -- Every code is a coupon: redeemed for points (reward), given by the merchant (issued: no
  -- points), or points as cash (points_discount: no reward; its points are held, i.e. already
  -- debited, and credited back if it expires unused or its order is refunded).
  ALTER TABLE redemptions ALTER COLUMN reward_id DROP NOT NULL;
  ALTER TABLE redemptions DROP CONSTRAINT redemptions_points_check;
  ALTER TABLE redemptions
    ADD CONSTRAINT redemptions_points_check CHECK (points >= 0),
    ADD COLUMN kind text NOT NULL DEFAULT 'reward' CHECK (kind IN ('reward', 'issued', 'points_discount')),
    -- money off in the program's minor units; null: what the reward gives (its description)
    ADD COLUMN value_amount bigint CHECK (value_amount > 0),
    ADD COLUMN expires_at timestamptz, -- null: never
    -- 'expired' is written by the member-state step once expires_at has passed (reads also
    -- show a passed code as expired before that)
    ADD COLUMN status text NOT NULL DEFAULT 'available' CHECK (status IN ('available', 'used', 'expired', 'void')),
    ADD COLUMN used_at timestamptz,
    ADD COLUMN voided_at timestamptz,
    ADD COLUMN order_id text,
    ADD COLUMN batch_key text,
    -- a points discount's held points: when the oldest of them was earned and the soonest expires
    -- (a credit back keeps their age, so a hold never extends a point's life)
    ADD COLUMN held_earned_at timestamptz,
    ADD COLUMN held_expires_at timestamptz,
    -- held points credited back so far (a refund of its order, or its expiry)
    ADD COLUMN points_returned bigint NOT NULL DEFAULT 0,
    ADD CONSTRAINT redemptions_used CHECK ((status = 'used') = (order_id IS NOT NULL AND used_at IS NOT NULL)),
    ADD CONSTRAINT redemptions_reward CHECK ((kind = 'points_discount') = (reward_id IS NULL)),
    ADD CONSTRAINT redemptions_returned CHECK (points_returned BETWEEN 0 AND points);
  CREATE INDEX redemptions_due ON redemptions (member_id, expires_at) WHERE status = 'available' AND expires_at IS NOT NULL;
  CREATE INDEX redemptions_order ON redemptions (program_id, order_id) WHERE order_id IS NOT NULL;
  CREATE INDEX redemptions_program_created ON redemptions (program_id, created_at);
  CREATE UNIQUE INDEX redemptions_batch_member ON redemptions (program_id, batch_key, member_id) WHERE batch_key IS NOT NULL;

  -- Held points and their return are ledger entries of their own type.
  DO $$
  DECLARE allowed text;
  BEGIN
    SELECT substring(pg_get_constraintdef(oid) FROM '^CHECK \\((.*)\\)$') INTO allowed FROM pg_constraint
    WHERE conrelid = 'ledger_entries'::regclass AND conname = 'ledger_entries_type_check';
    ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_type_check;
    EXECUTE format('ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_type_check CHECK (%s OR type = %L)',
      allowed, 'discount');
  END $$;

  -- A coupon's expiry is member-state work too (coupon.expired, held points back).
  CREATE OR REPLACE FUNCTION member_due_at(member uuid) RETURNS timestamptz LANGUAGE sql STABLE AS $$
    SELECT least(
      (SELECT tier_until FROM members WHERE id = member),
      (SELECT min(expires_at) FROM point_lots WHERE member_id = member AND remaining > 0),
      (SELECT min(available_at) FROM pending_points WHERE member_id = member AND released_at IS NULL),
      (SELECT referral_due_at(member) FROM referrals WHERE referee_id = member AND status = 'pending'),
      (SELECT min(referral_due_at(referee_id)) FROM referrals WHERE referrer_id = member AND status = 'pending'),
      (SELECT min(expires_at) FROM redemptions WHERE member_id = member AND status = 'available')
    )
  $$;
  `,
  /* 16: the console's operators, their sessions, login throttling, the audit log, key rotation */ `
  -- People who run a program from the console. The email signs in (one account per address);
  -- password_hash is null until a one-time login link (its sha256 in login_token_hash) sets it.
  CREATE TABLE operators (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    program_id uuid NOT NULL REFERENCES programs ON DELETE CASCADE,
    email text NOT NULL,
    role text NOT NULL CHECK (role IN ('owner', 'staff', 'viewer')),
    password_hash text,
    login_token_hash text UNIQUE,
    login_token_expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE UNIQUE INDEX operators_email ON operators (lower(email));

  -- A session is known by the sha256 of its cookie: a leaked table does not sign anyone in.
  CREATE TABLE operator_sessions (
    id text PRIMARY KEY,
    operator_id uuid NOT NULL REFERENCES operators ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
  );
  CREATE INDEX operator_sessions_operator ON operator_sessions (operator_id);

  -- Failed sign-ins per account (account:email) and per address (ip:…): after a few, each
  -- further attempt waits twice as long, up to a cap; a success clears the account's row.
  CREATE TABLE login_throttle (
    id text PRIMARY KEY,
    failures integer NOT NULL,
    locked_until timestamptz NOT NULL,
    last_failed_at timestamptz NOT NULL
  );

  -- Who changed what, when, from what to what and why. Append-only: a trigger refuses
  -- UPDATE and DELETE (rows outlive the operator and the program that wrote them).
  CREATE TABLE audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id uuid NOT NULL,
    operator_id uuid,
    operator_email text NOT NULL,
    action text NOT NULL,
    target text,
    before jsonb,
    after jsonb,
    reason text,
    at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX audit_log_program ON audit_log (program_id, id DESC);
  CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
  END $$;
  CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
  CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

  -- Key rotation: the replaced key keeps working until its *_until instant (the overlap).
  ALTER TABLE programs
    ADD COLUMN previous_secret_key text UNIQUE,
    ADD COLUMN previous_secret_key_until timestamptz,
    ADD COLUMN previous_publishable_key text UNIQUE,
    ADD COLUMN previous_publishable_key_until timestamptz;
  `,
  /* 17: stats — a program's ledger, orders and redemptions by time, for GET /v1/stats */ `
  -- GET /v1/stats sums a range of a program's days from the tables the loyalty writes already
  -- keep; these let it read just that range. The ledger's and orders' carry what the sums need,
  -- so those scans are index-only (on pages autovacuum has marked all-visible).
  CREATE INDEX ledger_entries_program_created ON ledger_entries (program_id, created_at)
    INCLUDE (type, points, member_id);
  CREATE INDEX orders_program_created ON orders (program_id, created_at) INCLUDE (member_id, amount, refunded_amount);
  -- (redemptions by program and time: migration 15's redemptions_program_created)
  `,
  /* 18: the member summary's parts as functions — GET /v1/me's statement calls only those it needs */ `
  -- A sub-query written into a statement costs its executor set-up on every run, run or not;
  -- a function call costs nothing until called (PL/pgSQL keeps its plans per connection). So
  -- the summary statement (queries/member-summary.ts) calls these only when the member row
  -- says there can be something to read, and tierProgress() (rules/tiers.ts) calls the first.

  -- Progress toward tiers from events in [p_from, p_to), in the basis' unit (rules/tiers.ts,
  -- tierProgress()). Points: purchase points, a held order's counted from the end of its return
  -- window (released or not); refunds taken off their order's points. Spend: order totals at
  -- the same moments, minus their refunds. Refunds made at or after p_to do not count. An
  -- empty window counts nothing, and refunds never make progress negative.
  CREATE FUNCTION tier_progress(p_basis text, p_member uuid, p_from timestamptz, p_to timestamptz)
  RETURNS bigint LANGUAGE plpgsql STABLE AS $$
  BEGIN
    IF NOT coalesce(p_from < p_to, false) THEN
      RETURN 0;
    END IF;
    IF p_basis = 'points' THEN
      RETURN greatest(0, (
           coalesce((SELECT sum(l.points) FROM ledger_entries l
                     WHERE l.member_id = p_member AND l.qualifying AND l.created_at >= p_from AND l.created_at < p_to
                       AND NOT EXISTS (SELECT 1 FROM pending_points h
                                       WHERE h.program_id = l.program_id AND h.order_id = l.order_id)), 0)
         + coalesce((SELECT sum(h.points) FROM pending_points h
                     WHERE h.member_id = p_member AND h.available_at >= p_from AND h.available_at < p_to), 0)
         - coalesce((SELECT sum(r.points) FROM refunds r
                       LEFT JOIN pending_points h ON h.program_id = r.program_id AND h.order_id = r.order_id
                     WHERE r.member_id = p_member AND r.counted_at IS NOT NULL AND r.created_at < p_to
                       AND coalesce(h.available_at, r.counted_at) >= p_from
                       AND coalesce(h.available_at, r.counted_at) < p_to), 0))::bigint);
    END IF;
    RETURN greatest(0, (WITH counted AS (
           SELECT o.program_id, o.order_id, o.amount, coalesce(h.available_at, o.created_at) AS at FROM orders o
             LEFT JOIN pending_points h ON h.program_id = o.program_id AND h.order_id = o.order_id
           WHERE o.member_id = p_member
         )
         SELECT (coalesce((SELECT sum(amount) FROM counted WHERE at >= p_from AND at < p_to), 0)
           - coalesce((SELECT sum(r.amount) FROM refunds r
                         JOIN counted c ON c.program_id = r.program_id AND c.order_id = r.order_id
                       WHERE r.member_id = p_member AND r.created_at < p_to AND c.at >= p_from AND c.at < p_to), 0))::bigint));
  END $$;

  -- The member's open points expiring in (p_after, p_until], and held order points released
  -- after p_after: one {points, at} per moment, soonest first.
  CREATE FUNCTION member_expiring(p_member uuid, p_after timestamptz, p_until timestamptz)
  RETURNS json LANGUAGE plpgsql STABLE AS $$
  BEGIN
    RETURN (SELECT coalesce(json_agg(json_build_object('points', points, 'at', at) ORDER BY at), '[]'::json)
      FROM (SELECT sum(remaining)::bigint AS points, expires_at AS at FROM point_lots
            WHERE member_id = p_member AND remaining > 0 AND expires_at > p_after AND expires_at <= p_until
            GROUP BY expires_at) moments);
  END $$;
  CREATE FUNCTION member_pending(p_member uuid, p_after timestamptz)
  RETURNS json LANGUAGE plpgsql STABLE AS $$
  BEGIN
    RETURN (SELECT coalesce(json_agg(json_build_object('points', points, 'at', at) ORDER BY at), '[]'::json)
      FROM (SELECT sum(points)::bigint AS points, available_at AS at FROM pending_points
            WHERE member_id = p_member AND released_at IS NULL AND available_at > p_after
            GROUP BY available_at) moments);
  END $$;

  -- Points held by the member's unused points-discount codes.
  CREATE FUNCTION member_held(p_member uuid) RETURNS bigint LANGUAGE plpgsql STABLE AS $$
  BEGIN
    RETURN (SELECT coalesce(sum(points - points_returned), 0)::bigint FROM redemptions
            WHERE member_id = p_member AND kind = 'points_discount' AND status = 'available');
  END $$;

  -- The member's latest check-in on or after p_since (a streak is alive until a day is missed).
  CREATE FUNCTION member_last_check_in(p_member uuid, p_since date) RETURNS json LANGUAGE plpgsql STABLE AS $$
  BEGIN
    RETURN (SELECT json_build_object('date', to_char(local_date, 'YYYY-MM-DD'), 'streak', streak) FROM check_ins
            WHERE member_id = p_member AND local_date >= p_since ORDER BY local_date DESC LIMIT 1);
  END $$;
  `,
  /* 19: cohorts — campaign holdouts, tiers by orders or tenure */ `
  -- A campaign may hold out a share of its members (0–50 %): they earn no campaign bonus, so
  -- its results can compare them with the treated. A member's group comes from a hash of
  -- campaign and member (campaign_held_out()) and is recorded the first time the campaign
  -- sees them (an order while it runs, eligible), so editing the share never moves anyone.
  ALTER TABLE campaigns ADD COLUMN holdout_percent integer NOT NULL DEFAULT 0 CHECK (holdout_percent BETWEEN 0 AND 50);
  CREATE TABLE campaign_members (
    campaign_id uuid NOT NULL REFERENCES campaigns ON DELETE CASCADE,
    member_id uuid NOT NULL REFERENCES members ON DELETE CASCADE,
    held_out boolean NOT NULL,
    assigned_at timestamptz NOT NULL,
    PRIMARY KEY (campaign_id, member_id)
  );
  -- The member's draw for the campaign: the first 32 bits of md5(campaign id || ':' || member
  -- id) over 2^32, uniform in [0, 1); held out when below the share (rules/campaigns.ts agrees).
  CREATE FUNCTION campaign_draw(p_campaign uuid, p_member uuid) RETURNS double precision
  LANGUAGE sql IMMUTABLE AS $$
    SELECT ('x' || substr(md5(p_campaign::text || ':' || p_member::text), 1, 8))::bit(32)::bigint / 4294967296.0
  $$;
  CREATE INDEX orders_campaign ON orders (campaign_id) WHERE campaign_id IS NOT NULL;

  -- Tiers may qualify on the number of orders in the window, and may ask for a membership age.
  DO $$ DECLARE c text; BEGIN
    SELECT conname INTO c FROM pg_constraint
    WHERE conrelid = 'programs'::regclass AND pg_get_constraintdef(oid) LIKE '%tier_basis%';
    EXECUTE format('ALTER TABLE programs DROP CONSTRAINT %I', c);
  END $$;
  ALTER TABLE programs ADD CONSTRAINT programs_tier_basis_check CHECK (tier_basis IN ('points', 'spend', 'orders'));
  ALTER TABLE tiers ADD COLUMN min_member_days integer NOT NULL DEFAULT 0 CHECK (min_member_days BETWEEN 0 AND 3650);
  -- When a tier the member's progress already reaches opens to them by membership age: the
  -- member-state step reviews the tier then (member_due_at() below).
  ALTER TABLE members ADD COLUMN tier_tenure_at timestamptz;

  -- Orders basis: the orders counted in [p_from, p_to) at the same moments as their spend (a
  -- held order at the end of its return window), except those refunded whole before p_to.
  ALTER FUNCTION tier_progress(text, uuid, timestamptz, timestamptz) RENAME TO tier_progress_18;
  CREATE FUNCTION tier_progress(p_basis text, p_member uuid, p_from timestamptz, p_to timestamptz)
  RETURNS bigint LANGUAGE plpgsql STABLE AS $$
  BEGIN
    IF p_basis <> 'orders' THEN
      RETURN tier_progress_18(p_basis, p_member, p_from, p_to);
    END IF;
    IF NOT coalesce(p_from < p_to, false) THEN
      RETURN 0;
    END IF;
    RETURN (SELECT count(*) FROM orders o
              LEFT JOIN pending_points h ON h.program_id = o.program_id AND h.order_id = o.order_id
            WHERE o.member_id = p_member
              AND coalesce(h.available_at, o.created_at) >= p_from AND coalesce(h.available_at, o.created_at) < p_to
              AND (o.amount = 0 OR o.amount > coalesce((SELECT sum(r.amount) FROM refunds r
                     WHERE r.program_id = o.program_id AND r.order_id = o.order_id AND r.created_at < p_to), 0)))::bigint;
  END $$;

  ALTER FUNCTION member_due_at(uuid) RENAME TO member_due_at_18;
  CREATE FUNCTION member_due_at(member uuid) RETURNS timestamptz LANGUAGE sql STABLE AS $$
    SELECT least(member_due_at_18(member), (SELECT tier_tenure_at FROM members WHERE id = member))
  $$;
  `,
  /* 20: shopper — order labels */ `
  -- What the shopper calls an order (the merchant's order number, e.g. #1001), shown in their history.
  ALTER TABLE orders ADD COLUMN label text;
  `,
  /* 21: actions — earning by actions, profile and consent, privacy rights (export, erasure) */ `
  -- Ways to earn by actions the merchant's backend reports, as PATCH /v1/program {actions} set
  -- them: [{type, points, perDay, lifetime, label, translations}] (rules/actions.ts).
  ALTER TABLE programs ADD COLUMN action_rules jsonb NOT NULL DEFAULT '[]';

  DO $$
  DECLARE allowed text;
  BEGIN
    SELECT substring(pg_get_constraintdef(oid) FROM '^CHECK \\((.*)\\)$') INTO allowed FROM pg_constraint
    WHERE conrelid = 'ledger_entries'::regclass AND conname = 'ledger_entries_type_check';
    ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_type_check;
    EXECUTE format('ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_type_check CHECK (%s OR type = %L)',
      allowed, 'action');
  END $$;

  -- One reported action: idempotent on (program, type, action id). A capped one is kept too, so
  -- a retry gets the same answer; only credited ones count toward the caps.
  CREATE TABLE member_actions (
    program_id uuid NOT NULL REFERENCES programs ON DELETE CASCADE,
    type text NOT NULL,
    action_id text NOT NULL,
    member_id uuid NOT NULL REFERENCES members ON DELETE CASCADE,
    local_date date NOT NULL, -- the program's local day it counts for
    status text NOT NULL CHECK (status IN ('credited', 'capped')),
    cap text CHECK ((cap IS NULL) = (status = 'credited') AND cap IN ('day', 'lifetime')),
    points integer NOT NULL CHECK (points >= 0),
    created_at timestamptz NOT NULL,
    PRIMARY KEY (program_id, type, action_id)
  );
  CREATE INDEX member_actions_member ON member_actions (member_id, type, local_date) WHERE status = 'credited';

  -- When the member set their own birthday (PATCH /v1/me/profile): once set, it stays.
  -- erased_at: the personal data was erased (DELETE /v1/members/{customerId}).
  ALTER TABLE members ADD COLUMN birthday_set_at timestamptz, ADD COLUMN erased_at timestamptz;

  -- Marketing consent per channel, every change kept (append-only): when, and how it was given.
  CREATE TABLE consent_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id uuid NOT NULL REFERENCES programs ON DELETE CASCADE,
    member_id uuid NOT NULL REFERENCES members ON DELETE CASCADE,
    channel text NOT NULL CHECK (channel IN ('email', 'sms', 'wechat')),
    granted boolean NOT NULL,
    source text NOT NULL CHECK (source IN ('widget', 'merchant_api', 'erasure')),
    created_at timestamptz NOT NULL
  );
  CREATE INDEX consent_events_member ON consent_events (member_id, channel, id DESC);
  CREATE FUNCTION consent_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'consent_events is append-only';
  END $$;
  CREATE TRIGGER consent_events_append_only BEFORE UPDATE OR DELETE ON consent_events
    FOR EACH ROW EXECUTE FUNCTION consent_events_append_only();

  -- Customer ids whose member was erased, as a SHA-256 of program and id (never the id): a token issued
  -- before the erasure is refused instead of enrolling the customer again.
  CREATE TABLE erased_customers (
    program_id uuid NOT NULL REFERENCES programs ON DELETE CASCADE,
    customer_hash text NOT NULL,
    erased_at timestamptz NOT NULL,
    -- the wall-clock instant tokens are checked against (their iat), which the app's clock may not be
    tokens_before timestamptz NOT NULL,
    PRIMARY KEY (program_id, customer_hash)
  );

  -- The audit log stays append-only, except for erasure: inside a transaction that set
  -- member_center.erasure, a customer id in a row's target, before or after may be replaced by
  -- its pseudonym; who did what, when and why stays as written.
  -- The sweep deletes retry keys (Idempotency-Key headers) after 30 days (kernel/idempotency.ts).
  CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

  CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'UPDATE' AND current_setting('member_center.erasure', true) = 'on'
       AND (NEW.program_id, NEW.operator_id, NEW.operator_email, NEW.action, NEW.reason, NEW.at)
         IS NOT DISTINCT FROM (OLD.program_id, OLD.operator_id, OLD.operator_email, OLD.action, OLD.reason, OLD.at) THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only';
  END $$;
  `,
  /* 22: lottery */ `
  -- The points lottery (积分抽奖; rules/lottery.ts). programs.lottery_version is the table
  -- version in force (null: no lottery), on the cached program row, so GET /v1/program reads
  -- the lottery only when there is one. A draw takes lotteries FOR SHARE (a change of the table
  -- waits for draws in flight) and the prizes with a stock FOR UPDATE (stock falls under the lock).
  ALTER TABLE programs ADD COLUMN lottery_version integer;
  CREATE TABLE lotteries (
    program_id uuid PRIMARY KEY REFERENCES programs ON DELETE CASCADE,
    version integer NOT NULL CHECK (version > 0),
    active boolean NOT NULL,
    cost integer NOT NULL CHECK (cost > 0),
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    daily_limit integer CHECK (daily_limit > 0),
    CHECK (ends_at > starts_at)
  );
  -- Every version of every table as the merchant set it, for audits of past draws.
  CREATE TABLE lottery_tables (
    program_id uuid NOT NULL REFERENCES programs ON DELETE CASCADE,
    version integer NOT NULL,
    settings jsonb NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (program_id, version)
  );
  CREATE TABLE lottery_prizes (
    program_id uuid NOT NULL REFERENCES lotteries ON DELETE CASCADE,
    id text NOT NULL,
    position integer NOT NULL,
    kind text NOT NULL CHECK (kind IN ('coupon', 'points', 'nothing')),
    reward_id uuid REFERENCES rewards,
    points integer CHECK (points > 0),
    weight integer NOT NULL CHECK (weight >= 0),
    stock integer CHECK (stock >= 0),
    label text NOT NULL,
    translations jsonb NOT NULL DEFAULT '{}',
    PRIMARY KEY (program_id, id),
    CHECK ((kind = 'coupon') = (reward_id IS NOT NULL)),
    CHECK ((kind = 'points') = (points IS NOT NULL)),
    CHECK (kind <> 'nothing' OR stock IS NULL)
  );
  CREATE TABLE lottery_draws (
    id uuid PRIMARY KEY,
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    program_id uuid NOT NULL REFERENCES programs ON DELETE CASCADE,
    member_id uuid NOT NULL REFERENCES members,
    -- the member's day in the program's time zone (the daily limit counts these)
    local_date date NOT NULL,
    table_version integer NOT NULL,
    cost integer NOT NULL CHECK (cost > 0),
    random_value integer NOT NULL,
    random_range integer NOT NULL CHECK (random_value >= 0 AND random_value < random_range),
    landed_prize_id text NOT NULL,
    prize_id text NOT NULL,
    prize_kind text NOT NULL CHECK (prize_kind IN ('coupon', 'points', 'nothing')),
    prize_label text NOT NULL,
    prize_translations jsonb NOT NULL DEFAULT '{}',
    prize_points integer,
    coupon_id uuid REFERENCES redemptions,
    created_at timestamptz NOT NULL
  );
  CREATE INDEX lottery_draws_member ON lottery_draws (member_id, seq DESC);
  CREATE INDEX lottery_draws_member_day ON lottery_draws (member_id, local_date);

  -- A draw's cost and its points prize are ledger entries of their own type.
  DO $$
  DECLARE allowed text;
  BEGIN
    SELECT substring(pg_get_constraintdef(oid) FROM '^CHECK \\((.*)\\)$') INTO allowed FROM pg_constraint
    WHERE conrelid = 'ledger_entries'::regclass AND conname = 'ledger_entries_type_check';
    ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_type_check;
    EXECUTE format('ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_type_check CHECK (%s OR type = %L)',
      allowed, 'lottery');
  END $$;
  `,
];

/** Applies the migrations this database lacks; concurrent starters wait on an advisory lock. */
export async function migrate(db: Database) {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7340001)');
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const [row] = await tx.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
    for (let version = (row?.version ?? 0) + 1; version <= migrations.length; version++) {
      await tx.exec(migrations[version - 1]!);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
    }
  });
}

/** Names the schema the migrations build (test templates are cached by it). */
export const migrationsFingerprint = () =>
  createHash('sha256').update(migrations.join('\n')).digest('hex').slice(0, 16);
