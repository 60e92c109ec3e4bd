import type { App } from '../../app.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { authenticate, type ApiOfficer } from '../../services/api-tokens/authenticate-api-token.js';
import { writeAudit } from '../../services/audit/write-audit.js';
import type { HttpRequest, HttpResponse, Route } from './http-server.js';

/** A JSON response. */
export const json = (status: number, body: unknown, headers?: Record<string, string>): HttpResponse => ({
  status,
  body: JSON.stringify(body),
  ...(headers ? { headers } : {}),
});

/** What an officer API call answers, and what its audit line records besides who and the status. */
export interface OfficerCallResult {
  response: HttpResponse;
  /** What the call was about (`announcement:12`, `reports:annual:2026`). */
  subject?: string;
  /** A refusal's code (`invalid_input`, `outside_jurisdiction`). */
  error?: string;
  /** More for the audit line (scope, format, rows). Never a secret. */
  details?: Record<string, Prisma.InputJsonValue | null>;
}

export type OfficerHandler = (req: HttpRequest, officer: ApiOfficer, now: Date) => Promise<OfficerCallResult>;

/** The answer to a call without a valid officer token. */
export const UNAUTHORIZED: HttpResponse = json(
  401,
  { error: 'unauthorized', message: 'send "Authorization: Bearer <token>" with a valid officer API token' },
  { 'www-authenticate': 'Bearer' },
);

/**
 * The officer API's one door: `asOfficer(action, handle)` is a route that runs `handle` as the
 * officer of the request's `Authorization: Bearer htx_…` token (401 without a valid one), then writes
 * one audit line — who (person and token id), when, the action, its subject, the status and the
 * call's details. The token itself is never logged nor stored.
 */
export function officerCalls(app: Pick<App, 'db' | 'logger'>) {
  const db = app.db.prisma;
  const log = app.logger.child({ component: 'api' });
  return (action: string, handle: OfficerHandler): Route =>
    async (req) => {
      const now = new Date();
      const officer = await authenticate(db, req.headers.authorization, now);
      if (!officer) {
        log.warn({ action, path: req.path, hasAuthorization: req.headers.authorization !== undefined }, 'api call refused: no valid token');
        return UNAUTHORIZED;
      }
      const { response, subject, error, details } = await handle(req, officer, now);
      await writeAudit(db, {
        actorId: officer.personId,
        action,
        subject,
        // Who and the outcome are the wrapper's: a call's details never overwrite them.
        details: { ...details, tokenId: officer.tokenId, status: response.status, ...(error ? { error } : {}) },
      });
      log.info({ action, personId: officer.personId, tokenId: officer.tokenId, subject, status: response.status }, 'api call');
      return response;
    };
}
