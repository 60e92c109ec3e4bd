import type { FastifyInstance } from 'fastify';
import { BODY_LIMITS } from './http-server.js';

/** A platform's webhook: refused from the headers alone, else handled over the raw body. */
export interface WebhookEndpoint {
  /** A refusal (401) when the request's secret or signature header is wrong or missing; null lets it in. */
  refuseWebhook(headers: Record<string, string | string[] | undefined>): { status: number; body: string } | null;
  handleWebhook(headers: Record<string, string | string[] | undefined>, rawBody: Buffer): Promise<{ status: number; body: string }>;
}

/**
 * `POST <path>` for a platform's updates, in its own scope. The platform's secret header is checked
 * in the onRequest hook, before the body is read or stored: a wrong or missing one is answered 401
 * and the body never read. The body is kept as the raw bytes (any content type, up to `bodyLimit`,
 * BODY_LIMITS.webhook by default: 413 beyond), because signatures (Zalo OA) are computed over those bytes.
 */
export function webhook(path: string, endpoint: WebhookEndpoint, o: { bodyLimit?: number } = {}) {
  return async (scope: FastifyInstance): Promise<void> => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    scope.post(path, {
      bodyLimit: o.bodyLimit ?? BODY_LIMITS.webhook,
      onRequest: async (req, reply) => {
        const refused = endpoint.refuseWebhook(req.headers);
        if (refused) return reply.code(refused.status).type('application/json; charset=utf-8').send(refused.body);
      },
      handler: async (req, reply) => {
        const r = await endpoint.handleWebhook(req.headers, Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
        return reply.code(r.status).type('application/json; charset=utf-8').send(r.body);
      },
    });
  };
}
