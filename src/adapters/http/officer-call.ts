import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { App } from '../../app.js';
import type { ApiOfficer } from '../../services/api-tokens/authenticate-api-token.js';
import type { AuditDetail } from '../../services/audit/write-audit.js';
import { ApiError } from './api-error.js';

/** One officer API call in progress: who, when, and what its audit line records besides who and the status. */
export interface OfficerCall {
  officer: ApiOfficer;
  now: Date;
  /** What the call was about (`announcement:12`, `reports:annual:2026`). */
  subject?: string;
  /** More for the audit line (scope, format, rows). Never a secret. */
  details?: Record<string, AuditDetail>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The audit action of an officer API route (`api.reports.read`); routes without one are public. */
    action?: string;
  }
  interface FastifyRequest {
    officerCall?: OfficerCall;
  }
}

/** The call of a route with an `action` (set by the onRequest hook of officerCalls before the handler runs). */
export function callOf(req: FastifyRequest): OfficerCall {
  if (!req.officerCall) throw new Error('officer API route without an action');
  return req.officerCall;
}

/** The answer to a call without a valid officer token. */
export const unauthorized = () =>
  new ApiError(401, 'unauthorized', 'send "Authorization: Bearer <token>" with a valid officer API token', { headers: { 'www-authenticate': 'Bearer' } });

/**
 * The officer API's one door, as hooks on its scope. Each route with an `action` in its config runs
 * as the officer of the request's `Authorization: Bearer htx_…` token: checked from the headers
 * before anything else (the body is not even read without a valid one: 401), then one audit line
 * is written as the answer goes out — who (person and token id), when, the action, its subject, the
 * status, the refusal's code and the call's details. The token itself is never logged nor stored.
 */
export function officerCalls(scope: FastifyInstance, app: Pick<App, 'services' | 'logger'>): void {
  const log = app.logger.child({ component: 'api' });
  scope.addHook('onRequest', async (req) => {
    const action = req.routeOptions.config.action;
    if (!action) return;
    const now = new Date();
    const officer = await app.services.authenticate(req.headers.authorization, now);
    if (!officer) {
      log.warn({ action, path: req.url.split('?')[0], hasAuthorization: req.headers.authorization !== undefined }, 'api call refused: no valid token');
      throw unauthorized();
    }
    req.officerCall = { officer, now };
  });
  scope.addHook('onSend', async (req, reply, payload) => {
    const call = req.officerCall;
    const action = req.routeOptions.config.action;
    if (!call || !action) return payload;
    req.officerCall = undefined; // one line per call
    const status = reply.statusCode;
    let error: string | undefined;
    if (status >= 400 && typeof payload === 'string') {
      try {
        error = (JSON.parse(payload) as { error?: string }).error;
      } catch {
        /* not JSON */
      }
    }
    const rawQuery = req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '';
    const details = call.details ?? (status >= 400 && rawQuery ? { query: new URLSearchParams(rawQuery).toString().slice(0, 500) } : {});
    await app.services.writeAudit({
      actorId: call.officer.personId,
      action,
      subject: call.subject,
      // Who and the outcome are the door's: a call's details never overwrite them.
      details: { ...details, tokenId: call.officer.tokenId, status, ...(error ? { error } : {}) },
    });
    log.info({ action, personId: call.officer.personId, tokenId: call.officer.tokenId, subject: call.subject, status }, 'api call');
    return payload;
  });
}
