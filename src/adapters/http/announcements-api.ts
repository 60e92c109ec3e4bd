import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { App } from '../../app.js';
import { renderAnnouncement } from '../../handlers/announcements/announcement-text.js';
import { canSeeAnnouncement } from '../../services/access/announcement-access.js';
import { CreateAnnouncementError } from '../../services/announcements/create-announcement.js';
import { ApiError, refusal } from './api-error.js';
import { apiRegistry, apiSchemas, errorResponses, jsonAnswer, refusals } from './api-schemas.js';
import { BODY_LIMITS } from './http-server.js';
import { callOf } from './officer-call.js';

export const ANNOUNCEMENTS_PATH = '/api/v1/announcements';

const STATUS_OF_ERROR = { invalid: 400, outside_jurisdiction: 403, empty_audience: 422 } as const;

/** An announcement id, in the path or `?id=`. */
const announcementId = z
  .string()
  .refine((s) => /^\d{1,9}$/.test(s) && Number(s) > 0)
  .register(apiRegistry, { type: 'integer', minimum: 1, description: 'The announcement id.' })
  .transform(Number);
const idParams = refusal(z.object({ id: announcementId }), { code: 'invalid_id', message: 'the announcement id is a positive whole number' });
const idQuery = refusal(z.object({ id: announcementId }), { code: 'invalid_id', message: 'the announcement id is a positive whole number' });

const readResponses = {
  200: jsonAnswer(apiSchemas.Announcement, 'The announcement with its delivery statistics and RSVPs.'),
  ...errorResponses({
    400: 'The id is not a positive whole number (`invalid_id`).',
    401: refusals[401],
    404: "No such announcement in the officer's area.",
  }),
};

/**
 * The officer API, for other systems and `npm run announce`. Each call authenticates with
 * `Authorization: Bearer htx_…` (an officer's token, `npm run officer -- token create`) and acts
 * within that officer's jurisdiction; every authenticated call is written to the audit log (the
 * token never is, nor logged). See officerCalls.
 *
 *   POST /api/v1/announcements           → 201 { id, status, sendAt, reach } | 400 | 401 | 403 | 422
 *   GET  /api/v1/announcements/:id       → 200 { id, kind, title, status, …, stats, rsvps } | 404
 *   GET  /api/v1/announcements?id=<id>   (the same)
 */
export function announcementsApi(scope: FastifyInstance, app: Pick<App, 'services' | 'translator' | 'logger'>): void {
  const api = scope.withTypeProvider<ZodTypeProvider>();
  const log = app.logger.child({ component: 'api' });
  const render = renderAnnouncement(app.translator);

  api.post(
    ANNOUNCEMENTS_PATH,
    {
      config: { action: 'api.announcements.create' },
      bodyLimit: BODY_LIMITS.announcement,
      schema: {
        operationId: 'createAnnouncement',
        summary: 'Announce a training, trade fair or other news to the cooperatives of the area',
        body: apiSchemas.AnnouncementInput,
        response: {
          201: jsonAnswer(apiSchemas.AnnouncementCreated, 'Stored, and queued unless `sendAt` is later.'),
          ...errorResponses({
            400: 'Not JSON (`invalid_json`) or invalid (`invalid_input`, with `issues`).',
            401: refusals[401],
            403: 'Communes or cooperatives outside the jurisdiction (`outside_jurisdiction`).',
            413: `The body is larger than ${BODY_LIMITS.announcement / 1_000_000} MB.`,
            415: 'The body is not `application/json`.',
            422: 'Nobody in the audience (`empty_audience`).',
          }),
        },
      },
    },
    async (req, reply) => {
      const call = callOf(req);
      const { officer, now } = call;
      let created;
      try {
        created = await app.services.createAnnouncement({ input: req.body, officer, now, via: 'api' });
      } catch (err) {
        if (!(err instanceof CreateAnnouncementError)) throw err;
        throw new ApiError(STATUS_OF_ERROR[err.code], err.code, err.message, { fields: err.details });
      }
      let { announcement: a, reach } = created;
      if (!a.sendAt) {
        try {
          const queued = await app.services.queueAnnouncement({ announcementId: a.id, render, now, logger: log });
          if (queued.reach) reach = queued.reach;
        } catch (err) {
          // Stored as scheduled "now": the periodic job queues it shortly.
          log.error({ err, announcementId: a.id }, 'queueing an announcement failed');
        }
        a = (await app.services.findAnnouncement(a.id)) ?? a;
      }
      call.subject = `announcement:${a.id}`;
      return reply.code(201).send({ id: a.id, status: a.status, sendAt: a.sendAt?.toISOString() ?? null, reach });
    },
  );

  const describe = async (id: number, officer: Parameters<typeof canSeeAnnouncement>[0]) => {
    const a = await app.services.findAnnouncement(id);
    if (!a || !canSeeAnnouncement(officer, a)) throw new ApiError(404, 'not_found', `no announcement #${id} in your area`);
    const [stats, rsvps] = await Promise.all([app.services.announcementStats(a.id), app.services.countRsvps(a.id)]);
    return {
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
    };
  };

  api.get(
    `${ANNOUNCEMENTS_PATH}/:id`,
    {
      config: { action: 'api.announcements.read' },
      schema: { operationId: 'readAnnouncement', summary: 'An announcement, its delivery statistics and RSVPs', params: idParams, response: readResponses },
    },
    async (req) => {
      const call = callOf(req);
      call.subject = `announcement:${req.params.id}`;
      return describe(req.params.id, call.officer);
    },
  );
  api.get(
    ANNOUNCEMENTS_PATH,
    {
      config: { action: 'api.announcements.read' },
      schema: {
        operationId: 'readAnnouncementByQuery',
        summary: 'An announcement by `?id=` (the same as /api/v1/announcements/{id})',
        querystring: idQuery,
        response: readResponses,
      },
    },
    async (req) => {
      const call = callOf(req);
      call.subject = `announcement:${req.query.id}`;
      return describe(req.query.id, call.officer);
    },
  );
}
