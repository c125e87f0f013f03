/**
 * The crash test's load: workers that redeem without pause, each redemption under its own
 * Idempotency-Key, retried with the SAME key on anything that is not a definite answer
 * (no answer, 5xx, 429, a timeout), as the browser client does — except that it never gives
 * up while the run lasts, because the test needs every key's final outcome.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

export interface LoadMember {
  id: string;
  customerId: string;
  token: string;
}

export interface LoadReward {
  id: string;
  name: string;
  cost: number;
  /** How often workers pick it, relative to the others. */
  weight: number;
}

/** One redemption the client asked for: its key, every attempt, and the definite answer. */
export interface KeyRecord {
  key: string;
  member: LoadMember;
  reward: LoadReward;
  attempts: number;
  /** Attempts that got no answer (connection refused or cut, timeout). */
  noAnswer: number;
  outcome?: {
    status: number;
    /** The error code of a 4xx. */
    code?: string;
    redemptionId?: string;
    /** `Idempotent-Replayed: true`: an earlier attempt had already taken effect. */
    replayed: boolean;
  };
}

export interface LoadCounters {
  requests: number;
  /** Definite answers (2xx, 4xx) so far. */
  answers: number;
  noAnswer: number;
  status5xx: number;
  status429: number;
}

export interface LoadOptions {
  url: string;
  publishableKey: string;
  hot: LoadMember;
  spread: LoadMember[];
  rewards: LoadReward[];
  workers: number;
  /** Share of redemptions by the hot member, in percent. */
  hotPercent: number;
  /** A single attempt is abandoned (and retried) after this long. */
  attemptTimeoutMs: number;
}

export class RedemptionLoad {
  readonly records: KeyRecord[] = [];
  readonly counters: LoadCounters = {
    requests: 0,
    answers: 0,
    noAnswer: 0,
    status5xx: 0,
    status429: 0,
  };
  /** Requests sent and not yet answered (or failed). */
  inFlight = 0;
  private stopping = false;
  private giveUpAt = Number.POSITIVE_INFINITY;
  private running: Promise<void>[] = [];

  constructor(private readonly o: LoadOptions) {}

  start() {
    this.running = Array.from({ length: this.o.workers }, () => this.worker());
  }

  /** No new redemptions; waits until every started one has its answer (or `graceMs` runs out). */
  async stop(graceMs: number) {
    this.stopping = true;
    this.giveUpAt = Date.now() + graceMs;
    await Promise.all(this.running);
  }

  /** Resolves once the API has given a definite answer after `since` answers (false on timeout). */
  async answered(since: number, timeoutMs: number) {
    for (const until = Date.now() + timeoutMs; Date.now() < until; await sleep(20)) {
      if (this.counters.answers > since) return true;
    }
    return false;
  }

  private async worker() {
    while (!this.stopping) {
      const record: KeyRecord = {
        key: randomUUID(),
        member: randomInt(100) < this.o.hotPercent ? this.o.hot : this.o.spread[randomInt(this.o.spread.length)]!,
        reward: this.pickReward(),
        attempts: 0,
        noAnswer: 0,
      };
      this.records.push(record);
      await this.settle(record);
    }
  }

  private pickReward() {
    const total = this.o.rewards.reduce((sum, r) => sum + r.weight, 0);
    let pick = randomInt(total);
    for (const reward of this.o.rewards) {
      pick -= reward.weight;
      if (pick < 0) return reward;
    }
    return this.o.rewards[0]!;
  }

  /** Sends the redemption until a definite answer comes back, always under the same key. */
  async settle(record: KeyRecord) {
    for (let retry = 0; Date.now() < this.giveUpAt; retry++) {
      const answer = await this.send(record);
      if (answer.definite) {
        record.outcome = answer.outcome;
        return;
      }
      // 100 ms doubling to 500 ms, with jitter so the workers do not knock in step; a 429's
      // Retry-After wins.
      await sleep(answer.retryAfterMs ?? Math.min(500, 100 * 2 ** retry) * (0.5 + Math.random() / 2));
    }
  }

  /** Sends the same request again once more: the replay check at the end of the run. */
  async resend(record: KeyRecord) {
    for (let retry = 0; retry < 20; retry++) {
      const answer = await this.send(record, false);
      if (answer.definite) return answer.outcome;
      await sleep(answer.retryAfterMs ?? 200);
    }
    return undefined;
  }

  /** One attempt; `tally` false keeps it out of the load's figures (the replay check). */
  private async send(
    record: KeyRecord,
    tally = true,
  ): Promise<
    { definite: true; outcome: NonNullable<KeyRecord['outcome']> } | { definite: false; retryAfterMs?: number }
  > {
    // Figures of the replay check would blur the load's: it counts into a scratch copy.
    const counters = tally ? this.counters : { ...this.counters };
    if (tally) record.attempts++;
    counters.requests++;
    this.inFlight++;
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.o.url}/v1/me/redemptions`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Publishable-Key': this.o.publishableKey,
          Authorization: `Bearer ${record.member.token}`,
          'Idempotency-Key': record.key,
        },
        body: JSON.stringify({ rewardId: record.reward.id }),
        signal: AbortSignal.timeout(this.o.attemptTimeoutMs),
      });
      text = await response.text();
    } catch {
      // Refused while the API is down, cut when it is killed, or timed out: the request may or
      // may not have taken effect, which is exactly what the key is for.
      if (tally) record.noAnswer++;
      counters.noAnswer++;
      return { definite: false };
    } finally {
      this.inFlight--;
    }
    if (response.status >= 500) {
      counters.status5xx++;
      return { definite: false };
    }
    if (response.status === 429) {
      counters.status429++;
      return { definite: false, retryAfterMs: Number(response.headers.get('Retry-After') ?? 1) * 1000 };
    }
    counters.answers++;
    const body = JSON.parse(text) as { redemption?: { id: string }; error?: { code: string } };
    return {
      definite: true,
      outcome: {
        status: response.status,
        ...(body.error && { code: body.error.code }),
        ...(body.redemption && { redemptionId: body.redemption.id }),
        replayed: response.headers.get('Idempotent-Replayed') === 'true',
      },
    };
  }
}
