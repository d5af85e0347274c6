import { Pool } from 'undici';

/** One keep-alive undici Pool per upstream origin. */
export class UpstreamPools {
  private readonly pools = new Map<string, Pool>();

  get(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (pool === undefined) {
      pool = new Pool(origin, {
        connections: 256,
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 600_000,
        // Per-request timeouts are set on each request; these only bound the connect phase.
        connectTimeout: 15_000,
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.allSettled(pools.map((pool) => pool.close()));
  }

  destroy(): void {
    for (const pool of this.pools.values()) void pool.destroy().catch(() => {});
    this.pools.clear();
  }
}
