import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { App } from '../../app.js';
import type { ApiOfficer } from '../../services/api-tokens/authenticate-api-token.js';
import { listReportPage } from '../../services/exports/list-report-page.js';
import { exportFilename, writeReportExport, type ReportExportRequest } from '../../services/exports/report-export.js';
import type { ReportSchedule } from '../../services/reports/report-schedule.js';
import { computePlanSummary } from '../../services/targets/compute-plan-summary.js';
import { targetSetForPeriod, targetSetsFor, type PlanTargets, type TargetSet } from '../../services/targets/plan-targets.js';
import type { HttpRequest, Route } from './http-server.js';
import { json, officerCalls, type OfficerCallResult } from './officer-call.js';
import { readReportQuery, scopeDetails, type QueryKind, type ReportQuery } from './report-query.js';

export const REPORTS_PATH = '/api/v1/reports';
export const SUMMARY_PATH = '/api/v1/summary';

/** The target set a query measures against: `?target=<id>` among the area's sets, else the one for the period's year. */
function pickTargetSet(targets: PlanTargets, officer: ApiOfficer, q: ReportQuery): { set: TargetSet | null } | { unknown: string[] } {
  const sets = targetSetsFor(targets, q.scope.province ?? officer.province);
  if (q.target === undefined) return { set: targetSetForPeriod(sets, q.period) };
  const set = sets.find((s) => s.id === q.target);
  return set ? { set } : { unknown: sets.map((s) => s.id) };
}

/**
 * The reports API, for officers' other systems and spreadsheets. Each call authenticates with an
 * officer's API token and reads only that officer's area (`scopeWithin`: another province or commune
 * is a 403); each is written to the audit log with its scope, format and row count.
 *
 *   GET /api/v1/reports        → 200 { form, period, scope, rows: [{ reportId, cooperative, status, …, answers }], next, total }
 *   GET /api/v1/reports.csv    → 200 text/csv (UTF-8 with BOM), one row per cooperative
 *   GET /api/v1/reports.xlsx   → 200 the workbook: reports, summary vs targets, not submitted
 *   GET /api/v1/summary        → 200 computePlanSummary (counts by commune, indicators vs targets)
 *
 * Query (all optional): form (annual|quarterly, default annual), period (default the form's current
 * one), province, commune, sector, status (submitted,accepted,returned), lang (files), limit and
 * after (JSON pages), target (a target set id: summary, XLSX).
 */
export function reportsApiRoutes(app: Pick<App, 'db' | 'translator' | 'logger'> & { planTargets?: PlanTargets }, o: { schedule: ReportSchedule }): Record<string, Route> {
  const db = app.db.prisma;
  const asOfficer = officerCalls(app);
  const targets = (): PlanTargets => app.planTargets ?? { sets: [] };

  /** Reads the query (400/403 on a problem), then runs the call with it. */
  const withQuery =
    (kind: QueryKind, run: (q: ReportQuery, officer: ApiOfficer) => Promise<OfficerCallResult>) =>
    async (req: HttpRequest, officer: ApiOfficer, now: Date): Promise<OfficerCallResult> => {
      const read = readReportQuery(kind, req.query, officer, now, o.schedule);
      if (!read.ok) return { response: read.response, error: read.error, details: { query: req.query.toString().slice(0, 500) } };
      const q = read.query;
      const result = await run(q, officer);
      return { subject: `reports:${q.form.id}:${q.period}`, ...result, details: { scope: scopeDetails(q.scope), sector: q.sector ?? null, statuses: q.status ?? null, ...result.details } };
    };

  const page = withQuery('page', async (q) => {
    const p = await listReportPage(db, { form: q.form, period: q.period, scope: q.scope, sector: q.sector, status: q.status, after: q.after, limit: q.limit });
    const body = {
      form: q.form.id,
      formVersion: q.form.version,
      period: q.period,
      scope: scopeDetails(q.scope),
      filters: { sector: q.sector ?? null, status: q.status ?? null },
      total: p.total,
      next: p.next,
      rows: p.rows.map((r) => ({ ...r, submittedAt: r.submittedAt?.toISOString() ?? null })),
    };
    return { response: json(200, body), details: { format: 'json', rows: p.rows.length, after: q.after, limit: q.limit } };
  });

  const file = (format: 'csv' | 'xlsx') =>
    withQuery(format, async (q, officer) => {
      const picked = format === 'xlsx' ? pickTargetSet(targets(), officer, q) : { set: null };
      if ('unknown' in picked) return unknownTarget(q, picked.unknown);
      const req: ReportExportRequest = {
        form: q.form,
        period: q.period,
        scope: q.scope,
        ...(q.sector ? { sector: q.sector } : {}),
        ...(q.status ? { status: q.status } : {}),
        format,
        locale: q.locale,
        t: app.translator(q.locale),
        targetSet: picked.set,
      };
      const dir = await mkdtemp(path.join(tmpdir(), 'htx-api-export-'));
      try {
        const result = await writeReportExport(db, req, { file: path.join(dir, exportFilename(req)) });
        const body = await readFile(result.file);
        return {
          response: {
            status: 200,
            body,
            contentType: result.mimeType,
            headers: {
              'content-disposition': `attachment; filename="${result.filename}"`,
              'cache-control': 'no-store',
              'x-report-rows': String(result.rows),
              'x-not-submitted': String(result.notSubmitted),
            },
          },
          details: { format, rows: result.rows, notSubmitted: result.notSubmitted, bytes: result.bytes, targetSet: picked.set?.id ?? null },
        };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

  const summary = withQuery('summary', async (q, officer) => {
    const picked = pickTargetSet(targets(), officer, q);
    if ('unknown' in picked) return unknownTarget(q, picked.unknown);
    const s = await computePlanSummary(db, { period: q.period, scope: q.scope, targetSet: picked.set });
    return { response: json(200, { form: q.form.id, ...s }), details: { format: 'summary', rows: s.cooperatives.submitted, targetSet: picked.set?.id ?? null } };
  });

  return {
    [`GET ${REPORTS_PATH}`]: asOfficer('api.reports.read', page),
    [`GET ${REPORTS_PATH}.csv`]: asOfficer('api.reports.export', file('csv')),
    [`GET ${REPORTS_PATH}.xlsx`]: asOfficer('api.reports.export', file('xlsx')),
    [`GET ${SUMMARY_PATH}`]: asOfficer('api.reports.summary', summary),
  };
}

function unknownTarget(q: ReportQuery, known: string[]): OfficerCallResult {
  const list = known.length ? `one of ${known.join(', ')}` : 'none is configured for this area';
  return {
    response: json(400, { error: 'invalid_query', issues: [{ at: 'target', message: `is not a target set of this area (${list})` }] }),
    error: 'invalid_query',
    details: { target: q.target ?? null },
  };
}
