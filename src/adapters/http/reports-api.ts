import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { App } from '../../app.js';
import type { ApiOfficer } from '../../services/api-tokens/authenticate-api-token.js';
import { EXPORT_MIME, exportFilename, type ReportExportRequest } from '../../services/exports/report-export.js';
import type { ReportSchedule } from '../../services/reports/report-schedule.js';
import { targetSetForPeriod, targetSetsFor, type PlanTargets, type TargetSet } from '../../services/targets/plan-targets.js';
import { ApiError } from './api-error.js';
import { apiSchemas, errorResponses, jsonAnswer, refusals } from './api-schemas.js';
import { callOf } from './officer-call.js';
import { readReportQuery, reportQuerySchema, scopeDetails, type QueryKind, type ReportQuery, type ReportQueryInput } from './report-query.js';

export const REPORTS_PATH = '/api/v1/reports';
export const SUMMARY_PATH = '/api/v1/summary';

/** The target set a query measures against: `?target=<id>` among the area's sets, else the one for the period's year. */
function pickTargetSet(targets: PlanTargets, officer: ApiOfficer, q: ReportQuery): TargetSet | null {
  const sets = targetSetsFor(targets, q.scope.province ?? officer.province);
  if (q.target === undefined) return targetSetForPeriod(sets, q.period);
  const set = sets.find((s) => s.id === q.target);
  if (set) return set;
  const list = sets.length ? `one of ${sets.map((s) => s.id).join(', ')}` : 'none is configured for this area';
  throw new ApiError(400, 'invalid_query', undefined, { issues: [{ at: 'target', message: `is not a target set of this area (${list})` }] });
}

const file = (mime: string, what: string) => ({
  description: `${what} Sent with \`Content-Disposition: attachment\`; headers \`X-Report-Rows\` and \`X-Not-Submitted\` give the counts.`,
  content: { [mime]: { schema: apiSchemas.File } },
});

/**
 * The reports API, for officers' other systems and spreadsheets. Each call authenticates with an
 * officer's API token and reads only that officer's area (`scopeWithin`: another province or commune
 * is a 403); each is written to the audit log with its scope, format and row count.
 *
 *   GET /api/v1/reports        → 200 { form, period, scope, rows: [{ reportId, cooperative, status, …, answers }], next, total }
 *   GET /api/v1/reports.csv    → 200 text/csv (UTF-8 with BOM), one row per cooperative (`csv_locale` vi or raw)
 *   GET /api/v1/reports.xlsx   → 200 the workbook: reports, summary vs targets, not submitted
 *   GET /api/v1/summary        → 200 computePlanSummary (counts by commune, indicators vs targets)
 *
 * The query of each is reportQuerySchema(kind): it validates and documents the parameters.
 */
export function reportsApi(
  scope: FastifyInstance,
  app: Pick<App, 'services' | 'translator' | 'logger'> & { planTargets?: PlanTargets },
  o: { schedule: ReportSchedule },
): void {
  const api = scope.withTypeProvider<ZodTypeProvider>();
  const targets = (): PlanTargets => app.planTargets ?? { sets: [] };

  /** The call's query within the officer's area (400/403 otherwise), its subject and audit details. */
  const query = (kind: QueryKind, req: FastifyRequest) => {
    const call = callOf(req);
    const q = readReportQuery(kind, req.query as ReportQueryInput, call.officer, call.now, o.schedule);
    call.subject = `reports:${q.form.id}:${q.period}`;
    call.details = { scope: scopeDetails(q.scope), sector: q.sector ?? null, statuses: q.status ?? null };
    return { q, call };
  };

  api.get(
    REPORTS_PATH,
    {
      config: { action: 'api.reports.read' },
      schema: {
        operationId: 'listReports',
        summary: 'Submitted reports of a form and period, a page at a time, with their cooperative and raw answers',
        querystring: reportQuerySchema('page'),
        response: { 200: jsonAnswer(apiSchemas.ReportPage, 'One page, by ascending report id. Follow `next` until it is null.'), ...errorResponses(refusals) },
      },
    },
    async (req) => {
      const { q, call } = query('page', req);
      const p = await app.services.listReportPage({
        form: q.form,
        period: q.period,
        scope: q.scope,
        sector: q.sector,
        status: q.status,
        after: q.after,
        limit: q.limit,
      });
      call.details = { ...call.details, format: 'json', rows: p.rows.length, after: q.after, limit: q.limit };
      return {
        form: q.form.id,
        formVersion: q.form.version,
        period: q.period,
        scope: scopeDetails(q.scope),
        filters: { sector: q.sector ?? null, status: q.status ?? null },
        total: p.total,
        next: p.next,
        rows: p.rows.map((r) => ({ ...r, submittedAt: r.submittedAt?.toISOString() ?? null })),
      };
    },
  );

  for (const format of ['csv', 'xlsx'] as const) {
    api.get(
      `${REPORTS_PATH}.${format}`,
      {
        config: { action: 'api.reports.export' },
        schema: {
          operationId: format === 'csv' ? 'exportReportsCsv' : 'exportReportsXlsx',
          summary:
            format === 'csv'
              ? 'The same reports as CSV (UTF-8 with BOM), one row per cooperative: for Excel in Vietnamese (default), or raw for scripts'
              : 'The same reports as an Excel workbook: reports, summary against plan targets, cooperatives that have not submitted',
          querystring: reportQuerySchema(format),
          response: {
            200: file(EXPORT_MIME[format], format === 'csv' ? 'CSV, numbers unformatted so they sum (decimal comma with csv_locale=vi).' : 'An XLSX workbook.'),
            ...errorResponses(refusals),
          },
        },
      },
      async (req, reply) => {
        const { q, call } = query(format, req);
        let targetSet: TargetSet | null = null;
        if (format === 'xlsx') {
          try {
            targetSet = pickTargetSet(targets(), call.officer, q);
          } catch (err) {
            call.details = { ...call.details, target: q.target ?? null };
            throw err;
          }
        }
        const r: ReportExportRequest = {
          form: q.form,
          period: q.period,
          scope: q.scope,
          ...(q.sector ? { sector: q.sector } : {}),
          ...(q.status ? { status: q.status } : {}),
          format,
          ...(format === 'csv' ? { csvLocale: q.csvLocale } : {}),
          locale: q.locale,
          t: app.translator(q.locale),
          targetSet,
        };
        // The file is read, and its directory removed, before the answer goes out.
        const dir = await mkdtemp(path.join(tmpdir(), 'htx-api-export-'));
        let result, body;
        try {
          result = await app.services.writeReportExport(r, { file: path.join(dir, exportFilename(r)) });
          body = await readFile(result.file);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
        call.details = {
          ...call.details,
          format,
          ...(format === 'csv' ? { csvLocale: q.csvLocale } : {}),
          rows: result.rows,
          notSubmitted: result.notSubmitted,
          bytes: result.bytes,
          targetSet: targetSet?.id ?? null,
        };
        return reply
          .type(result.mimeType)
          .headers({
            'content-disposition': `attachment; filename="${result.filename}"`,
            'cache-control': 'no-store',
            'x-report-rows': String(result.rows),
            'x-not-submitted': String(result.notSubmitted),
          })
          .send(body);
      },
    );
  }

  api.get(
    SUMMARY_PATH,
    {
      config: { action: 'api.reports.summary' },
      schema: {
        operationId: 'readSummary',
        summary: 'Submission by commune and plan indicators (actual against target) for a year and area, from the annual reports',
        querystring: reportQuerySchema('summary'),
        response: { 200: jsonAnswer(apiSchemas.PlanSummary, 'The summary.'), ...errorResponses(refusals) },
      },
    },
    async (req) => {
      const { q, call } = query('summary', req);
      let targetSet: TargetSet | null;
      try {
        targetSet = pickTargetSet(targets(), call.officer, q);
      } catch (err) {
        call.details = { ...call.details, target: q.target ?? null };
        throw err;
      }
      const s = await app.services.computePlanSummary({ period: q.period, scope: q.scope, targetSet });
      call.details = { ...call.details, format: 'summary', rows: s.cooperatives.submitted, targetSet: targetSet?.id ?? null };
      return { form: q.form.id, ...s };
    },
  );
}
