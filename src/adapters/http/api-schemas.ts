import { z } from 'zod';
import { ANNOUNCEMENT_AUDIENCES, ANNOUNCEMENT_KINDS, AnnouncementInput } from '../../services/announcements/announcement-input.js';
import { EXPORT_STATUSES } from '../../services/exports/report-table.js';
import { INDICATOR_KEYS } from '../../services/targets/plan-targets.js';

/**
 * The named schemas of the officer API: each becomes `#/components/schemas/<id>` in the OpenAPI
 * document (api-routes.ts), and routes use them to validate requests and serialize answers. A
 * request schema's component gets `Input` after its id (AnnouncementInput). Answers are loose
 * objects: what a route sends is never cut to the documented fields. A schema is documented with
 * `.register(apiRegistry, { description, default, … })`: those keywords are merged into its JSON
 * Schema (a query value's `type: integer` too).
 */
export const apiRegistry = z.registry<{ id?: string } & Record<string, unknown>>();
const named = <S extends z.ZodType>(id: string, schema: S, meta: { description?: string; example?: unknown } = {}): S => {
  apiRegistry.add(schema, { id, ...meta });
  return schema;
};

const nullable = <S extends z.ZodType>(s: S) => s.nullable();

const Issue = z.looseObject({ at: z.string(), message: z.string(), path: z.array(z.union([z.string(), z.number()])).optional(), code: z.string().optional() });
const ErrorBody = named(
  'Error',
  z.looseObject({
    error: z
      .string()
      .register(apiRegistry, { description: 'A stable code: unauthorized, invalid_query, invalid_json, invalid_input, outside_jurisdiction, not_found, …' }),
    message: z.string().optional(),
    issues: z.array(Issue).optional(),
  }),
);

const Scope = named('Scope', z.looseObject({ province: nullable(z.string()), commune: nullable(z.string()) }));
const Cooperative = named(
  'Cooperative',
  z.looseObject({
    id: z.number().int(),
    name: z.string(),
    registrationCode: nullable(z.string()).optional(),
    province: z.string(),
    commune: nullable(z.string()).optional(),
    sector: z.string(),
    kind: z.enum(['cooperative', 'union', 'group']),
  }),
);
const ReportRow = named(
  'ReportRow',
  z.looseObject({
    reportId: z.number().int(),
    cooperative: Cooperative,
    status: z.enum(EXPORT_STATUSES),
    revision: z.number().int().min(1),
    submittedAt: nullable(z.string().register(apiRegistry, { format: 'date-time' })),
    formVersion: nullable(z.number().int()).optional(),
    answers: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.array(z.string()), z.null()])).register(apiRegistry, {
      description:
        "The last submitted values by field key, in the form's order: whole VND, counts and percents as numbers, option values, ISO dates, booleans; null for a skipped answer.",
    }),
  }),
);
const TargetSet = named(
  'TargetSet',
  z.looseObject({
    id: z.string(),
    name: z.string(),
    province: nullable(z.string()),
    year: z.number().int(),
    targets: z.partialRecord(z.enum(INDICATOR_KEYS), z.number()),
  }),
);
const IndicatorValue = named(
  'IndicatorValue',
  z.looseObject({
    key: z.enum(INDICATOR_KEYS),
    unit: z.enum(['percent', 'count']),
    actual: nullable(z.number()),
    numerator: nullable(z.number()).optional(),
    denominator: nullable(z.number()).optional(),
    target: nullable(z.number()),
    met: nullable(z.boolean()),
  }),
);

export const apiSchemas = {
  Error: ErrorBody,
  AnnouncementInput: named('Announcement', AnnouncementInput, {
    description:
      'An announcement. `startsAt` and `place` are required for a training or trade fair; times must lie in the future, ' +
      '`registerBy` not after `startsAt`, `sendAt` (leave out to send at once) before both. `communes`, `sectors` and ' +
      "`cooperativeIds` narrow the audience within the officer's area; `eligibleFor` (a support id, instead of `cooperativeIds`) sends it " +
      'to the cooperatives of the area that qualify for that support.',
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
  }),
  AnnouncementCreated: named(
    'AnnouncementCreated',
    z.looseObject({
      id: z.number().int(),
      status: z.string(),
      sendAt: nullable(z.string()),
      reach: z.looseObject({}).register(apiRegistry, { description: 'Recipients per channel and those who cannot be reached.' }),
    }),
  ),
  Announcement: named(
    'AnnouncementState',
    z.looseObject({
      id: z.number().int(),
      kind: z.enum(ANNOUNCEMENT_KINDS),
      title: z.string(),
      status: z.string(),
      audience: z.enum(ANNOUNCEMENT_AUDIENCES).optional(),
      province: nullable(z.string()).optional(),
      communes: z.array(z.string()).optional(),
      startsAt: nullable(z.string()).optional(),
      sendAt: nullable(z.string()).optional(),
      queuedAt: nullable(z.string()).optional(),
      finishedAt: nullable(z.string()).optional(),
      stats: z
        .looseObject({})
        .register(apiRegistry, { description: 'Copies by outcome (sent, waiting, blocked, unreachable, failed) and by channel.' })
        .optional(),
      rsvps: z.looseObject({ attending: z.number().int(), declined: z.number().int() }).optional(),
    }),
  ),
  ReportPage: named(
    'ReportPage',
    z.looseObject({
      form: z.string(),
      formVersion: z.number().int().optional(),
      period: z.string(),
      scope: Scope,
      filters: z.looseObject({ sector: nullable(z.string()), status: nullable(z.array(z.string())) }).optional(),
      total: z.number().int().register(apiRegistry, { description: 'Reports matching, over every page.' }),
      next: nullable(z.number().int()).register(apiRegistry, { description: 'The `after` of the next page; null on the last one.' }),
      rows: z.array(ReportRow),
    }),
  ),
  PlanSummary: named(
    'PlanSummary',
    z.looseObject({
      form: z.string().optional(),
      period: z.string(),
      scope: z.looseObject({ province: z.string().optional(), commune: z.string().optional() }),
      cooperatives: z.looseObject({ active: z.number().int(), submitted: z.number().int(), groups: z.number().int(), unions: z.number().int() }),
      byCommune: z.array(z.looseObject({ commune: nullable(z.string()), active: z.number().int(), submitted: z.number().int() })),
      indicators: z.array(IndicatorValue),
      targetSet: nullable(TargetSet),
    }),
  ),
  /** A file download (CSV, XLSX): not serialized, documented as binary. */
  File: z.string().register(apiRegistry, { format: 'binary' }),
};

/** A JSON answer with its description (the OpenAPI response object; a named schema becomes a $ref). */
export const jsonAnswer = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });

/** The refusals every reports call may answer. */
export const refusals = {
  400: 'A query parameter is invalid or unknown (`error: invalid_query`, with `issues`).',
  401: 'No valid officer API token.',
  403: "The area asked for is outside the officer's jurisdiction (`error: outside_jurisdiction`).",
} as const;

/** Error answers by status, each `{ error, message?, issues? }`. */
export function errorResponses<C extends number>(byStatus: Record<C, string>): Record<C, ReturnType<typeof jsonAnswer>> {
  return Object.fromEntries(Object.entries(byStatus).map(([code, description]) => [code, jsonAnswer(ErrorBody, description as string)])) as Record<
    C,
    ReturnType<typeof jsonAnswer>
  >;
}
