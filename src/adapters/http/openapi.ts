import { z } from 'zod';
import { ANNOUNCEMENT_AUDIENCES, ANNOUNCEMENT_KINDS, announcementInputSchema } from '../../services/announcements/announcement-input.js';
import { EXPORT_MIME } from '../../services/exports/report-export.js';
import { EXPORT_STATUSES } from '../../services/exports/report-table.js';
import { FORMS } from '../../services/reports/forms/forms.js';
import { INDICATOR_KEYS } from '../../services/targets/plan-targets.js';
import { LOCALES } from '../../i18n/i18n.js';
import type { Route } from './http-server.js';
import { DEFAULT_PAGE_SIZE } from './report-query.js';
import { MAX_PAGE_SIZE } from '../../services/exports/list-report-page.js';

export const OPENAPI_PATH = '/api/v1/openapi.json';

type Schema = Record<string, unknown>;
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string): Schema => ({ type: [type, 'null'] });
const jsonBody = (schema: Schema, description: string) => ({ description, content: { 'application/json': { schema } } });
const errorResponse = (description: string) => jsonBody(ref('Error'), description);

/** The announcement body, from the same zod schema the server validates with (the long date-time regexes left to `format`). */
function announcementInputJsonSchema(): Schema {
  const schema = z.toJSONSchema(announcementInputSchema(), { target: 'draft-2020-12', io: 'input' }) as Schema & { properties: Record<string, Schema> };
  delete schema.$schema;
  for (const p of Object.values(schema.properties)) if (p.format === 'date-time') delete p.pattern;
  return {
    ...schema,
    description:
      'An announcement. `startsAt` and `place` are required for a training or trade fair; times must lie in the future, ' +
      '`registerBy` not after `startsAt`, `sendAt` (leave out to send at once) before both. `communes`, `sectors` and ' +
      "`cooperativeIds` narrow the audience within the officer's area.",
    example: {
      kind: 'training',
      title: 'Tập huấn bán hàng trực tuyến',
      body: 'Hướng dẫn mở gian hàng trên sàn thương mại điện tử cho các HTX.',
      startsAt: '2026-12-15T08:00:00+07:00',
      place: 'Hội trường UBND xã An Bình',
      registerBy: '2026-12-10T17:00:00+07:00',
      audience: 'directors',
      communes: ['Xã An Bình'],
    },
  };
}

const queryParameters: Record<string, Schema> = {
  form: {
    name: 'form',
    in: 'query',
    description: 'The report form (default annual).',
    schema: { type: 'string', enum: FORMS.map((f) => f.id), default: 'annual' },
  },
  period: {
    name: 'period',
    in: 'query',
    description: "A year (`2026`) for the annual form, a quarter (`2026-Q3`) for the quarterly one. Default: the form's current period by the report schedule.",
    schema: { type: 'string', pattern: '^\\d{4}(-Q[1-4])?$' },
  },
  province: {
    name: 'province',
    in: 'query',
    description: "Narrow to a province. Default: the officer's jurisdiction. Another province than the officer's is a 403.",
    schema: { type: 'string' },
  },
  commune: {
    name: 'commune',
    in: 'query',
    description: "Narrow to one commune of the province. A commune officer reads only their own commune (another is a 403).",
    schema: { type: 'string' },
  },
  sector: { name: 'sector', in: 'query', description: 'Only cooperatives of this sector (e.g. `agriculture`).', schema: { type: 'string' } },
  status: {
    name: 'status',
    in: 'query',
    description: `Only reports in these statuses, comma-separated (${EXPORT_STATUSES.join(', ')}). Default: every submitted report.`,
    schema: { type: 'string', example: 'submitted,accepted' },
  },
  lang: { name: 'lang', in: 'query', description: 'Language of column titles and labels in the file.', schema: { type: 'string', enum: [...LOCALES], default: 'vi' } },
  limit: { name: 'limit', in: 'query', description: 'Reports per page.', schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE } },
  after: { name: 'after', in: 'query', description: 'The `next` value of the page before (0 or absent: the first page).', schema: { type: 'integer', minimum: 0, default: 0 } },
  target: {
    name: 'target',
    in: 'query',
    description: "A target set id (PLAN_TARGETS_FILE) of the area. Default: the area's set for the period's year (the nearest target year at or after it).",
    schema: { type: 'string' },
  },
};
const params = (...names: (keyof typeof queryParameters)[]) => names.map((n) => ({ $ref: `#/components/parameters/${n}` }));

const refusals = {
  '400': errorResponse('A query parameter is invalid or unknown (`error: invalid_query`, with `issues`).'),
  '401': errorResponse('No valid officer API token.'),
  '403': errorResponse("The area asked for is outside the officer's jurisdiction (`error: outside_jurisdiction`)."),
};

const file = (mime: string, what: string) => ({
  description: `${what} Sent with \`Content-Disposition: attachment\`; headers \`X-Report-Rows\` and \`X-Not-Submitted\` give the counts.`,
  content: { [mime]: { schema: { type: 'string', format: 'binary' } } },
});

/** The OpenAPI 3.1 description of every `/api/v1` route (built once). */
export function openApiDocument(): Schema {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Trợ lý HTX — officer API',
      version: '1.0.0',
      description:
        "For officers' other systems: announcements to the cooperatives of an area, and the submitted reports of an area as JSON, CSV, " +
        'Excel or a summary against plan targets. Every call but this description needs `Authorization: Bearer htx_…`, an officer\'s ' +
        'token (`npm run officer -- token create`); it reads and acts only within that officer\'s jurisdiction, and every call is ' +
        'written to the audit log (`npm run officer -- audit`).',
    },
    security: [{ bearer: [] }],
    paths: {
      '/api/v1/announcements': {
        post: {
          operationId: 'createAnnouncement',
          summary: 'Announce a training, trade fair or other news to the cooperatives of the area',
          requestBody: { required: true, content: { 'application/json': { schema: ref('AnnouncementInput') } } },
          responses: {
            '201': jsonBody(ref('AnnouncementCreated'), 'Stored, and queued unless `sendAt` is later.'),
            '400': errorResponse('Not JSON (`invalid_json`) or invalid (`invalid_input`, with `issues`).'),
            '401': refusals['401'],
            '403': errorResponse('Communes or cooperatives outside the jurisdiction (`outside_jurisdiction`).'),
            '422': errorResponse('Nobody in the audience (`empty_audience`).'),
          },
        },
        get: {
          operationId: 'readAnnouncementByQuery',
          summary: 'An announcement by `?id=` (the same as /api/v1/announcements/{id})',
          parameters: [{ name: 'id', in: 'query', required: true, schema: { type: 'integer', minimum: 1 } }],
          responses: {
            '200': jsonBody(ref('Announcement'), 'The announcement with its delivery statistics and RSVPs.'),
            '400': errorResponse('The id is not a positive whole number (`invalid_id`).'),
            '401': refusals['401'],
            '404': errorResponse("No such announcement in the officer's area."),
          },
        },
      },
      '/api/v1/announcements/{id}': {
        get: {
          operationId: 'readAnnouncement',
          summary: 'An announcement, its delivery statistics and RSVPs',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
          responses: {
            '200': jsonBody(ref('Announcement'), 'The announcement with its delivery statistics and RSVPs.'),
            '400': errorResponse('The id is not a positive whole number (`invalid_id`).'),
            '401': refusals['401'],
            '404': errorResponse("No such announcement in the officer's area."),
          },
        },
      },
      '/api/v1/reports': {
        get: {
          operationId: 'listReports',
          summary: 'Submitted reports of a form and period, a page at a time, with their cooperative and raw answers',
          parameters: params('form', 'period', 'province', 'commune', 'sector', 'status', 'limit', 'after'),
          responses: { '200': jsonBody(ref('ReportPage'), 'One page, by ascending report id. Follow `next` until it is null.'), ...refusals },
        },
      },
      '/api/v1/reports.csv': {
        get: {
          operationId: 'exportReportsCsv',
          summary: 'The same reports as CSV (UTF-8 with BOM, opens in Excel), one row per cooperative',
          parameters: params('form', 'period', 'province', 'commune', 'sector', 'status', 'lang'),
          responses: { '200': file(EXPORT_MIME.csv, 'CSV, numbers raw so they sum.'), ...refusals },
        },
      },
      '/api/v1/reports.xlsx': {
        get: {
          operationId: 'exportReportsXlsx',
          summary: 'The same reports as an Excel workbook: reports, summary against plan targets, cooperatives that have not submitted',
          parameters: params('form', 'period', 'province', 'commune', 'sector', 'status', 'lang', 'target'),
          responses: { '200': file(EXPORT_MIME.xlsx, 'An XLSX workbook.'), ...refusals },
        },
      },
      '/api/v1/summary': {
        get: {
          operationId: 'readSummary',
          summary: 'Submission by commune and plan indicators (actual against target) for a year and area, from the annual reports',
          parameters: params('period', 'province', 'commune', 'target'),
          responses: { '200': jsonBody(ref('PlanSummary'), 'The summary.'), ...refusals },
        },
      },
      [OPENAPI_PATH]: {
        get: {
          operationId: 'readOpenApi',
          summary: 'This description',
          security: [],
          responses: { '200': jsonBody({ type: 'object' }, 'The OpenAPI 3.1 document.') },
        },
      },
    },
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: "An officer's API token, `htx_` and 43 characters; created and revoked with `npm run officer -- token create|revoke`.",
        },
      },
      parameters: queryParameters,
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: { type: 'string', description: 'A stable code: unauthorized, invalid_query, invalid_json, invalid_input, outside_jurisdiction, not_found, …' },
            message: { type: 'string' },
            issues: {
              type: 'array',
              items: { type: 'object', required: ['at', 'message'], properties: { at: { type: 'string' }, message: { type: 'string' }, path: { type: 'array' }, code: { type: 'string' } } },
            },
          },
        },
        AnnouncementInput: announcementInputJsonSchema(),
        AnnouncementCreated: {
          type: 'object',
          required: ['id', 'status', 'sendAt', 'reach'],
          properties: { id: { type: 'integer' }, status: { type: 'string' }, sendAt: nullable('string'), reach: { type: 'object', description: 'Recipients per channel and those who cannot be reached.' } },
        },
        Announcement: {
          type: 'object',
          required: ['id', 'kind', 'title', 'status'],
          properties: {
            id: { type: 'integer' },
            kind: { type: 'string', enum: [...ANNOUNCEMENT_KINDS] },
            title: { type: 'string' },
            status: { type: 'string' },
            audience: { type: 'string', enum: [...ANNOUNCEMENT_AUDIENCES] },
            province: nullable('string'),
            communes: { type: 'array', items: { type: 'string' } },
            startsAt: nullable('string'),
            sendAt: nullable('string'),
            queuedAt: nullable('string'),
            finishedAt: nullable('string'),
            stats: { type: 'object', description: 'Copies by outcome (sent, waiting, blocked, unreachable, failed) and by channel.' },
            rsvps: { type: 'object', properties: { attending: { type: 'integer' }, declined: { type: 'integer' } } },
          },
        },
        Scope: { type: 'object', required: ['province', 'commune'], properties: { province: nullable('string'), commune: nullable('string') } },
        Cooperative: {
          type: 'object',
          required: ['id', 'name', 'province', 'sector', 'kind'],
          properties: {
            id: { type: 'integer' },
            name: { type: 'string' },
            registrationCode: nullable('string'),
            province: { type: 'string' },
            commune: nullable('string'),
            sector: { type: 'string' },
            kind: { type: 'string', enum: ['cooperative', 'union', 'group'] },
          },
        },
        ReportRow: {
          type: 'object',
          required: ['reportId', 'cooperative', 'status', 'revision', 'submittedAt', 'answers'],
          properties: {
            reportId: { type: 'integer' },
            cooperative: ref('Cooperative'),
            status: { type: 'string', enum: [...EXPORT_STATUSES] },
            revision: { type: 'integer', minimum: 1 },
            submittedAt: { type: ['string', 'null'], format: 'date-time' },
            formVersion: nullable('integer'),
            answers: {
              type: 'object',
              description: "The last submitted values by field key, in the form's order: whole VND, counts and percents as numbers, option values, ISO dates, booleans; null for a skipped answer.",
              additionalProperties: { type: ['number', 'string', 'boolean', 'array', 'null'], items: { type: 'string' } },
            },
          },
        },
        ReportPage: {
          type: 'object',
          required: ['form', 'period', 'scope', 'rows', 'next', 'total'],
          properties: {
            form: { type: 'string' },
            formVersion: { type: 'integer' },
            period: { type: 'string' },
            scope: ref('Scope'),
            filters: { type: 'object', properties: { sector: nullable('string'), status: { type: ['array', 'null'], items: { type: 'string' } } } },
            total: { type: 'integer', description: 'Reports matching, over every page.' },
            next: { type: ['integer', 'null'], description: 'The `after` of the next page; null on the last one.' },
            rows: { type: 'array', items: ref('ReportRow') },
          },
        },
        TargetSet: {
          type: 'object',
          required: ['id', 'name', 'province', 'year', 'targets'],
          properties: {
            id: { type: 'string' },
            name: { type: 'string' },
            province: nullable('string'),
            year: { type: 'integer' },
            targets: { type: 'object', propertyNames: { enum: [...INDICATOR_KEYS] }, additionalProperties: { type: 'number' } },
          },
        },
        IndicatorValue: {
          type: 'object',
          required: ['key', 'unit', 'actual', 'target', 'met'],
          properties: {
            key: { type: 'string', enum: [...INDICATOR_KEYS] },
            unit: { type: 'string', enum: ['percent', 'count'] },
            actual: nullable('number'),
            numerator: nullable('number'),
            denominator: nullable('number'),
            target: nullable('number'),
            met: nullable('boolean'),
          },
        },
        PlanSummary: {
          type: 'object',
          required: ['period', 'scope', 'cooperatives', 'byCommune', 'indicators', 'targetSet'],
          properties: {
            form: { type: 'string' },
            period: { type: 'string' },
            scope: { type: 'object', properties: { province: { type: 'string' }, commune: { type: 'string' } } },
            cooperatives: {
              type: 'object',
              properties: { active: { type: 'integer' }, submitted: { type: 'integer' }, groups: { type: 'integer' }, unions: { type: 'integer' } },
            },
            byCommune: {
              type: 'array',
              items: { type: 'object', properties: { commune: nullable('string'), active: { type: 'integer' }, submitted: { type: 'integer' } } },
            },
            indicators: { type: 'array', items: ref('IndicatorValue') },
            targetSet: { oneOf: [ref('TargetSet'), { type: 'null' }] },
          },
        },
      },
    },
  };
}

/** `GET /api/v1/openapi.json`, without authentication. */
export function openApiRoute(): Route {
  let body: string | undefined;
  return async () => {
    body ??= JSON.stringify(openApiDocument());
    return { status: 200, body, headers: { 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' } };
  };
}
