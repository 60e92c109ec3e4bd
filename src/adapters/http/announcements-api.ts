import type { App } from '../../app.js';
import type { Db } from '../../db/database.js';
import { renderAnnouncement } from '../../handlers/announcements/announcement-text.js';
import { announcementInputSchema, inputIssues } from '../../services/announcements/announcement-input.js';
import { announcementStats } from '../../services/announcements/announcement-stats.js';
import { canSeeAnnouncement } from '../../services/announcements/announcement-visibility.js';
import { countRsvps } from '../../services/announcements/count-rsvps.js';
import { CreateAnnouncementError, createAnnouncement } from '../../services/announcements/create-announcement.js';
import { queueAnnouncement } from '../../services/announcements/queue-announcement.js';
import type { ApiOfficer } from '../../services/api-tokens/authenticate-api-token.js';
import type { HttpResponse, Route } from './http-server.js';
import { json, officerCalls } from './officer-call.js';

export const ANNOUNCEMENTS_PATH = '/api/v1/announcements';

const STATUS_OF_ERROR = { invalid: 400, outside_jurisdiction: 403, empty_audience: 422 } as const;

/**
 * The officer API, for other systems and `npm run announce`. Each call authenticates with
 * `Authorization: Bearer htx_…` (an officer's token, `npm run officer -- token create`) and acts
 * within that officer's jurisdiction; every authenticated call is written to the audit log (the
 * token never is, nor logged).
 *
 *   POST /api/v1/announcements           → 201 { id, status, sendAt, reach } | 400 | 401 | 403 | 422
 *   GET  /api/v1/announcements/:id       → 200 { id, kind, title, status, …, stats, rsvps } | 404
 *   GET  /api/v1/announcements?id=<id>   (the same)
 */
export function announcementsApiRoutes(app: Pick<App, 'db' | 'translator' | 'logger'>): Record<string, Route> {
  const db: Db = app.db.prisma;
  const log = app.logger.child({ component: 'api' });
  const render = renderAnnouncement(app.translator);

  const asOfficer = officerCalls(app);

  const create = asOfficer('api.announcements.create', async (req, officer, now) => {
    let raw: unknown;
    try {
      raw = JSON.parse(req.body.toString('utf8'));
    } catch {
      return { response: json(400, { error: 'invalid_json', message: 'the body must be a JSON object' }), error: 'invalid_json' };
    }
    const parsed = announcementInputSchema(() => now).safeParse(raw);
    if (!parsed.success) return { response: json(400, { error: 'invalid_input', issues: inputIssues(parsed.error) }), error: 'invalid_input' };
    let created;
    try {
      created = await createAnnouncement(db, { input: parsed.data, officer, now, via: 'api' });
    } catch (err) {
      if (!(err instanceof CreateAnnouncementError)) throw err;
      return { response: json(STATUS_OF_ERROR[err.code], { error: err.code, message: err.message, ...err.details }), error: err.code };
    }
    let { announcement: a, reach } = created;
    if (!a.sendAt) {
      try {
        const queued = await queueAnnouncement(db, { announcementId: a.id, render, now, logger: log });
        if (queued.reach) reach = queued.reach;
      } catch (err) {
        // Stored as scheduled "now": the periodic job queues it shortly.
        log.error({ err, announcementId: a.id }, 'queueing an announcement failed');
      }
      a = (await db.announcement.findUnique({ where: { id: a.id } })) ?? a;
    }
    return { response: json(201, { id: a.id, status: a.status, sendAt: a.sendAt?.toISOString() ?? null, reach }), subject: `announcement:${a.id}` };
  });

  const describe = async (id: number, officer: ApiOfficer): Promise<HttpResponse> => {
    const a = await db.announcement.findUnique({ where: { id } });
    if (!a || !canSeeAnnouncement(officer, a)) return json(404, { error: 'not_found', message: `no announcement #${id} in your area` });
    const [stats, rsvps] = await Promise.all([announcementStats(db, a.id), countRsvps(db, a.id)]);
    return json(200, {
      id: a.id,
      kind: a.kind,
      title: a.title,
      status: a.status,
      audience: a.audience,
      province: a.province,
      communes: a.communes,
      startsAt: a.startsAt?.toISOString() ?? null,
      sendAt: a.sendAt?.toISOString() ?? null,
      queuedAt: a.queuedAt?.toISOString() ?? null,
      finishedAt: a.finishedAt?.toISOString() ?? null,
      stats,
      rsvps,
    });
  };

  const show = asOfficer('api.announcements.read', async (req, officer) => {
    const raw = req.params?.id ?? req.query.get('id') ?? '';
    const id = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(id) || id <= 0) return { response: json(400, { error: 'invalid_id', message: 'the announcement id is a positive whole number' }), error: 'invalid_id' };
    return { response: await describe(id, officer), subject: `announcement:${id}` };
  });

  return {
    [`POST ${ANNOUNCEMENTS_PATH}`]: create,
    [`GET ${ANNOUNCEMENTS_PATH}`]: show,
    [`GET ${ANNOUNCEMENTS_PATH}/:id`]: show,
  };
}
