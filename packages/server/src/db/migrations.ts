import { createHash } from 'node:crypto';
import type { Database } from './database.js';

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
    created_at timestamptz NOT NULL
  );
  `,
  /* 9: tier rules (slot reserved) */ `SELECT 1;`,
  /* 10: referral attribution and rewards (slot reserved) */ `SELECT 1;`,
  /* 11: segmentation (slot reserved) */ `SELECT 1;`,
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
