/**
 * A sliding-window limit per user, in memory. `check` answers `ok` while the user is under the
 * limit, `warn` for the first message over it (the user is told once), `drop` after that.
 */
export class RateLimiter {
  private hits = new Map<string, number[]>();
  private warned = new Set<string>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  check(key: string, now: number): 'ok' | 'warn' | 'drop' {
    const since = now - this.windowMs;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > since);
    recent.push(now);
    this.hits.set(key, recent);
    if (recent.length <= this.limit) {
      this.warned.delete(key);
      return 'ok';
    }
    if (this.warned.has(key)) return 'drop';
    this.warned.add(key);
    return 'warn';
  }

  /** Forgets users idle for a whole window; call now and then to bound memory. */
  sweep(now: number): void {
    for (const [key, times] of this.hits) {
      if ((times.at(-1) ?? 0) <= now - this.windowMs) {
        this.hits.delete(key);
        this.warned.delete(key);
      }
    }
  }
}
