import {
  type Call,
  createStore,
  type MemberCenterClient,
  type PageOptions,
  type RouteSpec,
  type StoreData,
  type StoreInternals,
  type StoreKey,
  type TokenSource,
} from '@member-center/client';
import type {
  ActivityEntry,
  ActivityList,
  CheckInResponse,
  CheckInStatus,
  ConsentChannel,
  Consents,
  ConsentsResponse,
  DiscountResponse,
  IneligibleReason,
  LotteryDraw,
  LotteryDrawList,
  LotteryDrawResponse,
  LotteryPrize,
  Me,
  MyActions,
  PointsSummary,
  ProfileBody,
  ProfileResponse,
  Program,
  RedeemResponse,
  Redemption,
  RedemptionList,
  Referral,
  Reward,
  RewardList,
  TierStatus,
} from '@member-center/contract';
import {
  fixtureId,
  type MeExtras,
  makeMe,
  makeProgram,
  makeReferral,
  manyRewards,
  sampleActivity,
  sampleRewards,
} from './fixtures.js';

/** An API error as the real client reports one: HTTP status plus the envelope's code. */
export class MemoryApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message = code,
  ) {
    super(message);
  }
}

export interface MemoryClientOptions {
  /** Signed in as a member (default true). */
  member?: boolean;
  /** Points balance (default 1,240). */
  points?: number;
  /** Points earned in the tier window, which decides the tier (default: the balance). */
  lifetimeEarned?: number;
  program?: Partial<Program>;
  rewards?: Reward[];
  referral?: Referral;
  /**
   * The page size of `listRewards()` without a `limit`, hence of the store's first page: the
   * API's default, 50, unless given (at most the API's largest page, 100).
   */
  pageSize?: number;
  /** Milliseconds every request takes (default 0: the next macrotask). */
  latency?: number;
  /** The points ledger, newest first (default: three entries ending at the balance). */
  activity?: ActivityEntry[];
  /** The coupons wallet, newest first (default: empty). */
  coupons?: Redemption[];
  /** How many entries a page of the ledger or the wallet holds (default 20). */
  listPageSize?: number;
  /** How many times the member already redeemed each reward id (default: the sample mug once, so its limit is reached). */
  redeemed?: Record<string, number>;
  /** Order points in their return window, soonest first (default: none). */
  pending?: NonNullable<PointsSummary['pending']>;
  /** Points expiring in the next 30 days, soonest first (default: none). */
  expiring?: NonNullable<PointsSummary['expiring']>;
  /** Points a refund took back that the balance could not cover (default: none sent). */
  debt?: number;
  /** The tier's basis and what keeps it (default: neither sent, as an API before v1.3). */
  tier?: Pick<TierStatus, 'basis' | 'keep'>;
  /**
   * The member's check-in: done today, and the streak (default: not today, a 2-day streak). The
   * program's rule is `program.checkIn` (default: 5 points a day, 50 more on day 7); with none,
   * the member's is null.
   */
  checkIn?: { today: boolean; streak: number } | CheckInStatus;
  /** The member's lifecycle stage (default: none sent, as an API before v1.3). */
  stage?: Me['stage'];
}

/** Today as the API would name it (the tests' program runs on UTC). */
const localToday = () => new Date().toISOString().slice(0, 10);
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const isBonusDay = (rule: CheckInRule, streak: number) => rule.bonusPoints > 0 && streak % rule.bonusDay === 0;

/** What the API says of a member's check-in (the server's rules/check-ins.ts, for the same inputs). */
function checkInStatus(rule: CheckInRule, today: string, done: boolean, streak: number): CheckInStatus {
  const points = (n: number) => rule.points + (isBonusDay(rule, n) ? rule.bonusPoints : 0);
  const toBonus = rule.bonusDay - (streak % rule.bonusDay);
  return {
    today: done,
    streak,
    nextPoints: points(streak + 1),
    bonusToday: done && isBonusDay(rule, streak),
    nextBonus:
      rule.bonusPoints > 0
        ? {
            date: addDays(done ? addDays(today, 1) : today, toBonus - 1),
            checkIns: toBonus,
            points: points(streak + toBonus),
          }
        : null,
  };
}

type CheckInRule = NonNullable<Program['checkIn']>;

type Operation =
  | StoreKey
  | 'redeem'
  | 'checkIn'
  | 'createDiscount'
  | 'actions'
  | 'profile'
  | 'drawLottery'
  | 'listLotteryDraws';
/** The API's page sizes for rewards: the default and the largest a request may ask for. */
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100;
const MEMBER_KEYS: ReadonlySet<StoreKey> = new Set(['me', 'activity', 'redemptions', 'referral']);

/**
 * An in-memory MemberCenterClient for element tests and stories. It keeps one member's
 * balance, the catalog and the referral, applies the API's redemption rules, and can be put in
 * any state: loading forever, failing, guest, member with N points, empty or huge catalog.
 */
export class MemoryClient implements MemberCenterClient {
  /** The real store of @member-center/client, loading through this client's methods. */
  readonly store: StoreInternals;
  /** Every API call made, in order, e.g. `['getMe', 'redeem:<id>']`. */
  readonly calls: string[] = [];

  program: Program;
  rewards: Reward[];
  referral: Referral;
  balance: number;
  lifetimeEarned: number;
  pageSize: number;
  latency: number;
  /** The ledger, newest first. */
  activity: ActivityEntry[];
  listPageSize: number;
  /** The member's check-in state (shown only while the program has check-ins). */
  checkInState: { today: boolean; streak: number } | CheckInStatus;
  #meExtras: MeExtras;
  #member: boolean;
  #redemptions: Redemption[] = [];
  #redeemedCount = new Map<string, number>();
  #idempotent = new Map<string, Promise<RedeemResponse>>();
  #idempotentDiscounts = new Map<string, Promise<DiscountResponse>>();
  /** Points held by unused points-discount codes (not in the balance). */
  held = 0;
  #failures = new Map<Operation | '*', unknown>();
  #holding = false;
  #held: Array<() => void> = [];

  constructor(options: MemoryClientOptions = {}) {
    this.#member = options.member ?? true;
    this.balance = options.points ?? 1240;
    this.lifetimeEarned = options.lifetimeEarned ?? this.balance;
    this.program = makeProgram(options.program);
    this.rewards = options.rewards ?? sampleRewards();
    this.referral = options.referral ?? makeReferral();
    this.pageSize = Math.min(options.pageSize ?? DEFAULT_LIMIT, MAX_LIMIT);
    this.latency = options.latency ?? 0;
    this.activity = options.activity ?? sampleActivity(3, this.balance);
    this.listPageSize = options.listPageSize ?? 20;
    this.#redemptions = [...(options.coupons ?? [])].reverse();
    for (const [id, count] of Object.entries(options.redeemed ?? { [fixtureId(1005)]: 1 }))
      this.#redeemedCount.set(id, count);
    this.checkInState = options.checkIn ?? { today: false, streak: 2 };
    this.#meExtras = {
      points: {
        ...(options.pending && { pending: options.pending }),
        ...(options.expiring && { expiring: options.expiring }),
        ...(options.debt !== undefined && { debt: options.debt }),
      },
      ...(options.tier && { tier: options.tier }),
      ...(options.stage && { stage: options.stage }),
    };
    this.store = createStore({
      program: () => this.getProgram(),
      me: () => this.getMe(),
      rewards: () => this.listRewards(),
      activity: () => this.listActivity(),
      redemptions: () => this.listRedemptions(),
      referral: () => this.getReferral(),
    });
  }

  // ---------- presets ----------

  /** A signed-in member with `points` points. */
  static member(points = 1240, options: MemoryClientOptions = {}): MemoryClient {
    return new MemoryClient({ ...options, points, member: true });
  }

  /** A visitor without a member token. */
  static guest(options: MemoryClientOptions = {}): MemoryClient {
    return new MemoryClient({ ...options, member: false });
  }

  /** A client whose requests never answer: elements stay in their loading state. */
  static loadingForever(options: MemoryClientOptions = {}): MemoryClient {
    const client = new MemoryClient(options);
    client.hold();
    return client;
  }

  /** A client whose every request fails with `error` (a network error by default). */
  static failing(error: unknown = new TypeError('Failed to fetch'), options: MemoryClientOptions = {}): MemoryClient {
    const client = new MemoryClient(options);
    client.fail('*', error);
    return client;
  }

  /** A member and a catalog of `count` rewards, paged like the API's (`pageSize` sets the default page). */
  static withManyRewards(count: number, options: MemoryClientOptions = {}): MemoryClient {
    return new MemoryClient({ ...options, rewards: manyRewards(count) });
  }

  // ---------- state helpers ----------

  /** Requests wait (status `loading`) until `release()`. */
  hold(): this {
    this.#holding = true;
    return this;
  }

  /** Answers the held requests and stops holding. */
  release(): this {
    this.#holding = false;
    for (const go of this.#held.splice(0)) go();
    return this;
  }

  /** Makes `operation` (a store key, 'redeem', 'checkIn', or '*' for everything) fail with `error` until `recover()`. */
  fail(operation: Operation | '*', error: unknown = new TypeError('Failed to fetch')): this {
    this.#failures.set(operation, error);
    return this;
  }

  recover(operation?: Operation | '*'): this {
    if (operation) this.#failures.delete(operation);
    else this.#failures.clear();
    return this;
  }

  /** Sets the balance (and, unless given, leaves lifetime earned at least as high) and pushes it to the store. */
  setPoints(balance: number, lifetimeEarned = Math.max(this.lifetimeEarned, balance)): this {
    this.balance = balance;
    this.lifetimeEarned = lifetimeEarned;
    this.#push('me', this.#me());
    this.#push('rewards', this.#rewardPage(0, this.pageSize));
    return this;
  }

  setRewards(rewards: Reward[]): this {
    this.rewards = rewards;
    this.#push('rewards', this.#rewardPage(0, this.pageSize));
    return this;
  }

  // ---------- MemberCenterClient ----------

  get isMember(): boolean {
    return this.#member;
  }

  setToken(token: TokenSource | null, { keep }: { keep?: boolean } = {}): void {
    this.#member = token !== null;
    void (keep && token ? this.store.refresh() : this.store.reset(this.#member));
  }

  getProgram(): Promise<Program> {
    return this.#answer('program', 'getProgram', () => structuredClone(this.program));
  }

  getMe(): Promise<Me> {
    return this.#answer('me', 'getMe', () => this.#me());
  }

  listActivity(options: PageOptions = {}): Promise<ActivityList> {
    const offset = Number(options.cursor ?? 0);
    return this.#answer('activity', `listActivity:${offset}`, () =>
      pageOf(this.activity, offset, options.limit ?? this.listPageSize),
    );
  }

  /**
   * Pages like the API: `limit` 1–100 (50 by default), and the cursor is the last reward's place
   * in the catalog (the API uses its sequence number), so a page starts after it. Anything
   * else is a 400, as the API answers.
   */
  listRewards(options: PageOptions = {}): Promise<RewardList> {
    const { cursor, limit = this.pageSize } = options;
    const after = Number(cursor ?? 0);
    return this.#answer('rewards', `listRewards:${after}`, () => {
      if (
        (cursor !== undefined && !/^\d{1,15}$/.test(cursor)) ||
        !Number.isInteger(limit) ||
        limit < 1 ||
        limit > MAX_LIMIT
      )
        throw new MemoryApiError(400, 'invalid_request');
      return this.#rewardPage(after, limit);
    });
  }

  listRedemptions(options: PageOptions = {}): Promise<RedemptionList> {
    const offset = Number(options.cursor ?? 0);
    return this.#answer('redemptions', `listRedemptions:${offset}`, () =>
      pageOf([...this.#redemptions].reverse(), offset, options.limit ?? this.listPageSize),
    );
  }

  getReferral(): Promise<Referral> {
    return this.#answer('referral', 'getReferral', () => structuredClone(this.referral));
  }

  redeem(rewardId: string, options: { idempotencyKey?: string } = {}): Promise<RedeemResponse> {
    return this.#once(this.#idempotent, options.idempotencyKey, `redeem:${rewardId}`, () =>
      this.#answer('redeem', `redeem:${rewardId}`, () => this.#redeemNow(rewardId)),
    );
  }

  /** Like the API's Idempotency-Key: the same key answers the first call again (a failed one may be retried). */
  #once<T>(answers: Map<string, Promise<T>>, key: string | undefined, call: string, send: () => Promise<T>) {
    const earlier = key ? answers.get(key) : undefined;
    if (earlier) {
      this.calls.push(call);
      return earlier;
    }
    const result = send();
    if (key) {
      answers.set(key, result);
      result.catch(() => answers.delete(key));
    }
    return result;
  }

  checkIn(): Promise<CheckInResponse> {
    return this.#answer('checkIn', 'checkIn', () => this.#checkInNow());
  }

  createDiscount(points: number, options: { idempotencyKey?: string } = {}): Promise<DiscountResponse> {
    return this.#once(this.#idempotentDiscounts, options.idempotencyKey, `createDiscount:${points}`, () =>
      this.#answer('createDiscount', `createDiscount:${points}`, () => this.#discountNow(points)),
    );
  }

  /** The member's ways to earn by actions, as `GET /v1/me/actions` answers (none by default). */
  actions: MyActions['items'] = [];
  /** The member's profile extras: the birthday can be set once, as the API rules. */
  profile: { name: string | null; birthday: string | null; consents: Consents } = {
    name: 'Ada Demo',
    birthday: null,
    consents: { email: null, sms: null, wechat: null },
  };

  /** The routes sent by spec (`getProfile(client)`, `listMyActions(client)` …), answered in memory by method and path. */
  send<T>(route: RouteSpec<T>, call: Call = {}): Promise<T> {
    const body = call.json as Record<string, unknown> | undefined;
    const answers: Record<string, () => Promise<unknown>> = {
      'GET /v1/me/actions': () =>
        this.#answer('actions', 'listMyActions', (): MyActions => ({ items: structuredClone(this.actions) })),
      'GET /v1/me/profile': () => this.#answer('profile', 'getProfile', () => this.#profileNow(0)),
      'PATCH /v1/me/profile': () => this.#updateProfile(body as ProfileBody),
      'POST /v1/me/lottery/draws': () => this.drawLottery({ idempotencyKey: call.headers?.['Idempotency-Key'] }),
      'GET /v1/me/lottery/draws': () =>
        this.listLotteryDraws({
          cursor: call.searchParams?.cursor,
          limit: call.searchParams?.limit === undefined ? undefined : Number(call.searchParams.limit),
        }),
      'PUT /v1/me/consents/{channel}': () =>
        this.#setConsent(route.path.split('/').pop() as ConsentChannel, body?.granted === true),
    };
    const answer = answers[`${route.method} ${route.path.replace(/\/consents\/\w+$/, '/consents/{channel}')}`];
    if (!answer) return Promise.reject(new MemoryApiError(404, 'not_found'));
    return answer() as Promise<T>;
  }

  #updateProfile(changes: ProfileBody): Promise<ProfileResponse> {
    return this.#answer('profile', 'updateProfile', () => {
      const { birthday } = this.profile;
      if (changes.birthday !== undefined && birthday !== null && birthday !== changes.birthday)
        throw new MemoryApiError(409, 'birthday_locked');
      if (changes.name !== undefined) this.profile.name = changes.name;
      if (changes.birthday !== undefined) this.profile.birthday = changes.birthday;
      return this.#profileNow(0);
    });
  }

  #setConsent(channel: ConsentChannel, granted: boolean): Promise<ConsentsResponse> {
    return this.#answer('profile', `setConsent:${channel}`, () => {
      this.profile.consents[channel] = { granted, source: 'widget', at: new Date().toISOString() };
      return { consents: structuredClone(this.profile.consents) };
    });
  }

  #profileNow(earned: number): ProfileResponse {
    const { member } = this.#me();
    const { name, birthday, consents } = this.profile;
    return {
      member: { ...member, name, birthday },
      consents: structuredClone(consents),
      birthdayEditable: birthday === null,
      earned,
    };
  }

  /**
   * The random values the next draws use, in order (each in [0, outOf) of the API's rule); when
   * none are queued a draw takes `Math.random()`'s.
   */
  drawValues: number[] = [];
  /** The member's draws, newest first. */
  draws: LotteryDraw[] = [];
  /** Draws made today (the daily limit counts them). */
  drawsToday = 0;

  drawLottery(options: { idempotencyKey?: string } = {}): Promise<LotteryDrawResponse> {
    return this.#once(this.#idempotentDraws, options.idempotencyKey, 'drawLottery', () =>
      this.#answer('drawLottery', 'drawLottery', () => this.#drawNow()),
    );
  }

  listLotteryDraws(options: PageOptions = {}): Promise<LotteryDrawList> {
    const offset = Number(options.cursor ?? 0);
    return this.#answer('listLotteryDraws', `listLotteryDraws:${offset}`, () =>
      pageOf(this.draws, offset, options.limit ?? this.listPageSize),
    );
  }

  #idempotentDraws = new Map<string, Promise<LotteryDrawResponse>>();

  /** Like the API (docs/api.md, Points lottery): running, daily limit, balance, then the pick by weight and stock. */
  #drawNow(): LotteryDrawResponse {
    const lottery = this.program.lottery;
    if (!lottery) throw new MemoryApiError(422, 'lottery_unavailable');
    const now = Date.now();
    if (now < Date.parse(lottery.startsAt) || now >= Date.parse(lottery.endsAt))
      throw new MemoryApiError(422, 'lottery_not_running');
    if (lottery.dailyLimit !== null && this.drawsToday >= lottery.dailyLimit)
      throw new MemoryApiError(422, 'limit_reached');
    if (this.balance < lottery.cost) throw new MemoryApiError(422, 'insufficient_points');
    const inStock = (p: LotteryPrize) => p.stock === null || p.stock > 0;
    const fallback = lottery.prizes.find((p) => p.kind === 'nothing');
    const drawable = fallback ? lottery.prizes : lottery.prizes.filter(inStock);
    const outOf = drawable.reduce((sum, p) => sum + p.weight, 0);
    if (outOf === 0) throw new MemoryApiError(422, 'out_of_stock');
    const value = this.drawValues.shift() ?? Math.floor(Math.random() * outOf);
    let landed = drawable[0]!;
    for (let end = 0, i = 0; i < drawable.length; i++) {
      end += drawable[i]!.weight;
      if (value < end) {
        landed = drawable[i]!;
        break;
      }
    }
    const given = inStock(landed) ? landed : fallback!;
    if (given.stock !== null) given.stock -= 1;
    this.drawsToday += 1;
    this.balance -= lottery.cost;
    if (given.points) this.balance += given.points;
    const draw: LotteryDraw = {
      id: fixtureId(700_000 + this.draws.length),
      createdAt: new Date(now).toISOString(),
      cost: lottery.cost,
      tableVersion: lottery.tableVersion,
      random: { value, outOf },
      landedPrizeId: landed.id,
      prize: { id: given.id, kind: given.kind, label: given.label, points: given.points },
      coupon: null,
    };
    this.draws.unshift(draw);
    this.#pushBalanceChange();
    return {
      draw: structuredClone(draw),
      points: { balance: this.balance },
      drawsLeftToday: lottery.dailyLimit === null ? null : lottery.dailyLimit - this.drawsToday,
    };
  }

  // ---------- the "server" ----------

  #answer<T>(operation: Operation, call: string, compute: () => T): Promise<T> {
    this.calls.push(call);
    return new Promise<T>((resolve, reject) => {
      const go = () =>
        setTimeout(() => {
          const failure = this.#failures.has(operation) ? this.#failures.get(operation) : this.#failures.get('*');
          const memberOnly =
            operation === 'redeem' ||
            operation === 'checkIn' ||
            operation === 'createDiscount' ||
            operation === 'actions' ||
            operation === 'profile' ||
            operation === 'drawLottery' ||
            operation === 'listLotteryDraws' ||
            MEMBER_KEYS.has(operation);
          if (failure !== undefined) reject(failure);
          else if (memberOnly && !this.#member) reject(new MemoryApiError(401, 'unauthenticated'));
          else {
            try {
              resolve(compute());
            } catch (error) {
              reject(error);
            }
          }
        }, this.latency);
      if (this.#holding) this.#held.push(go);
      else go();
    });
  }

  #me(): Me {
    const rule = this.program.checkIn;
    const { today, streak } = this.checkInState;
    // A status given whole is what the "API" says, as given (until a check-in replaces it).
    const given = 'nextPoints' in this.checkInState ? this.checkInState : undefined;
    const checkIn = !rule ? null : (given ?? checkInStatus(rule, localToday(), today, streak));
    const extras = { ...this.#meExtras, points: { ...this.#meExtras.points, held: this.held }, checkIn };
    return makeMe(this.program, this.balance, this.lifetimeEarned, this.referral, extras);
  }

  #reasonFor(reward: Reward): IneligibleReason | undefined {
    const tier = this.#me().tier.current;
    const required = reward.tierId ? this.program.tiers.find((t) => t.id === reward.tierId) : undefined;
    if (required && (tier?.threshold ?? -1) < required.threshold) return 'tier_locked';
    if (reward.stock !== null && reward.stock <= 0) return 'out_of_stock';
    if (reward.perMemberLimit !== null && (this.#redeemedCount.get(reward.id) ?? 0) >= reward.perMemberLimit)
      return 'limit_reached';
    if (reward.cost > this.balance) return 'insufficient_points';
    return undefined;
  }

  #rewardPage(offset: number, limit: number): RewardList {
    const page = this.rewards.slice(offset, offset + limit).map((reward) => {
      if (!this.#member) return { ...reward };
      const reason = this.#reasonFor(reward);
      if (!reason) return { ...reward, redeemable: true };
      const withReason: Reward = { ...reward, redeemable: false, reason };
      if (reason === 'insufficient_points') withReason.pointsNeeded = reward.cost - this.balance;
      return withReason;
    });
    const end = offset + limit;
    return end < this.rewards.length ? { items: page, nextCursor: String(end) } : { items: page };
  }

  #redeemNow(rewardId: string): RedeemResponse {
    const reward = this.rewards.find((r) => r.id === rewardId);
    if (!reward) throw new MemoryApiError(404, 'not_found', 'No such reward');
    const reason = this.#reasonFor(reward);
    if (reason) throw new MemoryApiError(422, reason);
    this.balance -= reward.cost;
    if (reward.stock !== null) reward.stock -= 1;
    this.#redeemedCount.set(reward.id, (this.#redeemedCount.get(reward.id) ?? 0) + 1);
    const redemption: Redemption = {
      id: fixtureId(500_000 + this.#redemptions.length),
      rewardId,
      rewardName: reward.name,
      points: reward.cost,
      code: `MC-${(this.#redemptions.length + 1).toString().padStart(4, '0')}-OK`,
      createdAt: new Date().toISOString(),
      kind: 'reward',
      status: 'available',
      value: null,
      expiresAt: reward.validDays ? new Date(Date.now() + reward.validDays * 86_400_000).toISOString() : null,
      usedAt: null,
    };
    this.#redemptions.push(redemption);
    this.activity.unshift({
      id: `act_${redemption.id}`,
      type: 'redemption',
      points: -reward.cost,
      balance: this.balance,
      description: reward.name,
      orderId: null,
      redemptionId: redemption.id,
      createdAt: redemption.createdAt,
    });
    // Like the real client: every subscriber sees the new balance, stock, eligibility, history and coupons.
    this.#pushBalanceChange();
    this.#push('redemptions', pageOf([...this.#redemptions].reverse(), 0, this.listPageSize));
    return { redemption: structuredClone(redemption), points: { balance: this.balance } };
  }

  /** Like the API: within `program.pointsDiscount`, the points held (out of the balance) for the code's validity. */
  #discountNow(points: number): DiscountResponse {
    const rule = this.program.pointsDiscount;
    const value = this.program.pointValue;
    if (!rule || !value) throw new MemoryApiError(422, 'discount_unavailable', 'No points as cash here.');
    if (points < rule.minPoints || points % rule.step !== 0 || (rule.maxPoints !== null && points > rule.maxPoints))
      throw new MemoryApiError(422, 'discount_not_allowed');
    if (points > this.balance) throw new MemoryApiError(422, 'insufficient_points');
    this.balance -= points;
    this.held += points;
    const now = Date.now();
    const redemption: Redemption = {
      id: fixtureId(600_000 + this.#redemptions.length),
      rewardId: '00000000-0000-0000-0000-000000000000',
      rewardName: 'Points discount',
      points,
      code: `PD${(this.#redemptions.length + 1).toString().padStart(2, '0')}-7KQM-ZP3X`,
      createdAt: new Date(now).toISOString(),
      kind: 'points_discount',
      status: 'available',
      value: { amount: Math.floor((points * value.value.amount) / value.points), currency: value.value.currency },
      expiresAt: new Date(now + rule.validMinutes * 60_000).toISOString(),
      usedAt: null,
    };
    this.#redemptions.push(redemption);
    this.activity.unshift({
      id: `act_${redemption.id}`,
      type: 'discount',
      points: -points,
      balance: this.balance,
      description: `Points discount ${redemption.code}: held until used`,
      orderId: null,
      redemptionId: redemption.id,
      createdAt: redemption.createdAt,
    });
    this.#pushBalanceChange();
    this.#push('redemptions', pageOf([...this.#redemptions].reverse(), 0, this.listPageSize));
    return { redemption: structuredClone(redemption), points: { balance: this.balance, held: this.held } };
  }

  /** Like the API: once per day; a second call that day answers the same check-in and earns nothing. */
  #checkInNow(): CheckInResponse {
    const rule = this.program.checkIn;
    if (!rule) throw new MemoryApiError(422, 'check_in_unavailable', 'This program has no daily check-in.');
    const date = localToday();
    if (this.checkInState.today) {
      const { streak } = this.checkInState;
      return {
        checkIn: { date, streak, points: this.#lastCheckInPoints, bonus: isBonusDay(rule, streak) },
        status: checkInStatus(rule, date, true, streak),
        points: { balance: this.balance },
      };
    }
    const streak = this.checkInState.streak + 1;
    const points = rule.points + (isBonusDay(rule, streak) ? rule.bonusPoints : 0);
    this.checkInState = { today: true, streak };
    this.#lastCheckInPoints = points;
    this.balance += points;
    this.activity.unshift({
      id: `act_check_in_${streak}`,
      type: 'check_in',
      points,
      balance: this.balance,
      description: streak > 1 ? `Daily check-in, day ${streak}` : 'Daily check-in',
      orderId: null,
      redemptionId: null,
      createdAt: new Date().toISOString(),
    });
    this.#pushBalanceChange();
    return {
      checkIn: { date, streak, points, bonus: isBonusDay(rule, streak) },
      status: checkInStatus(rule, date, true, streak),
      points: { balance: this.balance },
    };
  }

  /** Pushes what a new balance changes to the store's subscribers: the summary, eligibility and the ledger. */
  #pushBalanceChange(): void {
    this.#push('me', this.#me());
    this.#push('rewards', this.#rewardPage(0, this.pageSize));
    this.#push('activity', pageOf(this.activity, 0, this.listPageSize));
  }

  #lastCheckInPoints = 0;

  /** What a fresh response would bring, given to the store's subscribers without another request. */
  #push<K extends StoreKey>(key: K, data: StoreData[K]): void {
    this.store.patch(key, () => data);
  }
}

/** One page of a list, with the offset of the next page as its cursor (like the API's opaque cursors). */
function pageOf<T>(all: T[], offset: number, limit: number): { items: T[]; nextCursor?: string } {
  const items = structuredClone(all.slice(offset, offset + limit));
  return offset + limit < all.length ? { items, nextCursor: String(offset + limit) } : { items };
}
