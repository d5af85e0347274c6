/** Both rate limits look back over this much time (OpenAI's and LiteLLM's "per minute"). */
export const RATE_WINDOW_MS = 60_000;

/**
 * The admission times of one key's requests, exact: at most `limit` requests in any window of `windowMs`.
 * Only the newest `limit` times can decide anything, so they are kept in a ring that grows to `limit` as
 * traffic needs it (a quiet key with a large limit holds a few numbers, not `limit`).
 */
export class RequestWindow {
  private times = new Float64Array(8);
  private head = 0;
  private size = 0;

  constructor(private readonly windowMs: number = RATE_WINDOW_MS) {}

  /** Requests admitted in (now − window, now]. */
  count(now: number): number {
    this.evict(now);
    return this.size;
  }

  /** Milliseconds until the window holds fewer than `limit` requests (0 when it already does). */
  waitFor(now: number, limit: number): number {
    this.evict(now);
    if (this.size < limit) return 0;
    return this.at(this.size - limit) + this.windowMs - now;
  }

  /** Milliseconds until the window is empty again (OpenAI's "reset to its initial state"). */
  untilEmpty(now: number): number {
    this.evict(now);
    return this.size === 0 ? 0 : this.at(this.size - 1) + this.windowMs - now;
  }

  /** Records an admission; `limit` bounds what is kept (a lowered limit drops the oldest times). */
  add(now: number, limit: number): void {
    // A clock that steps back must not unsort the ring.
    const time = this.size > 0 ? Math.max(now, this.at(this.size - 1)) : now;
    while (this.size >= limit) this.dropOldest();
    if (this.size === this.times.length) this.grow(limit);
    this.times[(this.head + this.size) % this.times.length] = time;
    this.size++;
  }

  private at(index: number): number {
    return this.times[(this.head + index) % this.times.length]!;
  }

  private evict(now: number): void {
    const oldest = now - this.windowMs;
    while (this.size > 0 && this.times[this.head]! <= oldest) this.dropOldest();
  }

  private dropOldest(): void {
    this.head = (this.head + 1) % this.times.length;
    this.size--;
  }

  private grow(limit: number): void {
    const next = new Float64Array(Math.max(1, Math.min(limit, this.times.length * 2)));
    for (let index = 0; index < this.size; index++) next[index] = this.at(index);
    this.times = next;
    this.head = 0;
  }
}

/**
 * Settled tokens of one key over the last `windowMs`: each settlement is one (time, tokens) entry; the sum is
 * kept running, so a check costs the eviction of what aged out and nothing else.
 */
export class TokenWindow {
  private times: number[] = [];
  private amounts: number[] = [];
  private head = 0;
  private sum = 0;

  constructor(private readonly windowMs: number = RATE_WINDOW_MS) {}

  /** Tokens settled in (now − window, now]. */
  total(now: number): number {
    this.evict(now);
    return this.sum;
  }

  add(now: number, tokens: number): void {
    if (!(tokens > 0)) return;
    const last = this.times.length > this.head ? this.times[this.times.length - 1]! : now;
    this.times.push(Math.max(now, last));
    this.amounts.push(tokens);
    this.sum += tokens;
  }

  /** Milliseconds until the settled sum falls below `limit` (0 when it already is). */
  waitFor(now: number, limit: number): number {
    this.evict(now);
    let sum = this.sum;
    for (let index = this.head; sum >= limit && index < this.times.length; index++) {
      sum -= this.amounts[index]!;
      if (sum < limit) return this.times[index]! + this.windowMs - now;
    }
    return 0;
  }

  /** Milliseconds until nothing settled is left in the window. */
  untilEmpty(now: number): number {
    this.evict(now);
    return this.times.length > this.head ? this.times[this.times.length - 1]! + this.windowMs - now : 0;
  }

  private evict(now: number): void {
    const oldest = now - this.windowMs;
    while (this.head < this.times.length && this.times[this.head]! <= oldest) {
      this.sum -= this.amounts[this.head]!;
      this.head++;
    }
    if (this.head === this.times.length) {
      this.times.length = 0;
      this.amounts.length = 0;
      this.head = 0;
      this.sum = 0; // No float residue once the window is empty.
    } else if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.amounts = this.amounts.slice(this.head);
      this.head = 0;
    }
  }
}
