import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ExportFormat } from '../../services/exports/report-export.js';
import { targetSetForPeriod, targetSetsFor } from '../../services/targets/plan-targets.js';
import type { HttpResponse } from '../http/http-server.js';
import { readReportFilters } from './report-filters.js';
import { SECURITY_HEADERS } from './web-page.js';
import type { WebContext } from './web-context.js';

/** `attachment; filename="…"; filename*=UTF-8''…` (the export's names are ASCII already). */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * GET /dashboard/reports.xlsx|.csv: the selection of the reports page as a file (see
 * writeReportExport), written to a temporary folder, streamed back, then removed. Each download is
 * written to the audit log: who, area, form, period, filters, rows and format.
 */
export function reportsDownload(format: Extract<ExportFormat, 'xlsx' | 'csv'>) {
  return async (ctx: WebContext): Promise<HttpResponse> => {
    const { deps, officer, t, locale } = ctx;
    const read = await readReportFilters(ctx);
    if (!read.ok) return read.response;
    const f = read.filters;
    const targetSet = targetSetForPeriod(targetSetsFor(deps.planTargets, f.scope.province ?? null), f.period);
    const dir = await mkdtemp(path.join(tmpdir(), 'htx-dashboard-'));
    try {
      const result = await deps.services.writeReportExport(
        {
          form: f.form,
          period: f.period,
          scope: f.scope,
          ...(f.sector ? { sector: f.sector } : {}),
          ...(f.status ? { status: [f.status] } : {}),
          format,
          locale,
          t,
          targetSet,
        },
        { file: path.join(dir, `export.${format}`) },
      );
      await deps.services.writeAudit({
        actorId: officer.personId,
        action: 'web.reports.export',
        subject: `report_export:${f.form.id}:${f.period}`,
        details: {
          format,
          form: f.form.id,
          period: f.period,
          province: f.scope.province ?? null,
          commune: f.scope.commune ?? null,
          sector: f.sector ?? null,
          status: f.status ?? null,
          rows: result.rows,
          notSubmitted: result.notSubmitted,
          bytes: result.bytes,
          webSessionId: officer.sessionId,
        },
      });
      deps.logger.info({ personId: officer.personId, format, rows: result.rows, bytes: result.bytes }, 'dashboard export');
      const stream = createReadStream(result.file);
      stream.on('close', () => void rm(dir, { recursive: true, force: true }));
      return {
        status: 200,
        body: stream,
        contentType: result.mimeType,
        headers: { ...SECURITY_HEADERS, 'content-length': String(result.bytes), 'content-disposition': contentDisposition(result.filename) },
      };
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
  };
}
