import type { FastifyInstance } from 'fastify';

/**
 * `GET /zalo_verifier<code>.html`: the file Zalo gives to prove we own the domain of PUBLIC_URL
 * (developers.zalo.me → App → Xác thực domain → HTML file, served at the site's root). Zalo accepts
 * webhook and OAuth callback addresses only on a verified domain; without it the OAuth answers
 * `-14003 Invalid redirect uri` (field-vn/zalo README, "Xác thực domain"). Served as given.
 */
export function zaloDomainVerifier(file: { name: string; html: string }) {
  return async (scope: FastifyInstance): Promise<void> => {
    scope.get(`/${file.name}`, async (_req, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(file.html));
  };
}
