import type { FastifyInstance } from 'fastify';

/**
 * `GET /healthz`: 200 when the database answers and every started channel is ok, else 503, with
 * `{ status, db, dbKind, channels }`. The Database object itself is asked (ping), not the Prisma client.
 */
export function healthz(db: { ping(): Promise<boolean>; kind: 'postgres' | 'pglite' }, channels: () => Record<string, { ok: boolean }> = () => ({})) {
  return async (scope: FastifyInstance): Promise<void> => {
    scope.get('/healthz', async (_req, reply) => {
      const dbOk = await db.ping().catch(() => false);
      const status = channels();
      const ok = dbOk && Object.values(status).every((c) => c.ok);
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', db: dbOk ? 'ok' : 'down', dbKind: db.kind, channels: status });
    });
  };
}
