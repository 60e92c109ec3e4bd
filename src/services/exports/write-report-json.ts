import { openTextFile } from './open-text-file.js';
import type { ReportExportRequest, ReportStream } from './export-types.js';
import type { ExportScope, SubmittedReport } from './report-table.js';

/** One report as exported to JSON: its cooperative, status, and the raw stored answers in the form's field order. */
function jsonRow(req: ReportExportRequest, r: SubmittedReport) {
  return {
    cooperative: r.cooperative,
    status: r.status,
    revision: r.revision,
    submittedAt: r.submittedAt?.toISOString() ?? null,
    formVersion: r.formVersion,
    answers: Object.fromEntries(req.form.fields.filter((f) => f.key in r.answers).map((f) => [f.key, r.answers[f.key]])),
  };
}

/** `JSON.stringify(value, null, 2)` for a value nested `depth` levels deep. */
const nested = (value: unknown, depth: number) => JSON.stringify(value, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);

/**
 * The reports as one JSON document `{ form, formVersion, period, generatedAt, filters, rows, notSubmitted }`
 * (raw stored values, for other systems), written a page at a time; the text is what
 * `JSON.stringify(document, null, 2)` would give.
 */
export async function writeReportJson(req: ReportExportRequest, scope: ExportScope, reports: ReportStream, file: string): Promise<{ rows: number }> {
  const head = {
    form: req.form.id,
    formVersion: req.form.version,
    period: req.period,
    generatedAt: new Date().toISOString(),
    filters: { province: scope.province ?? null, commune: scope.commune ?? null, sector: scope.sector ?? null, status: scope.status ?? null },
  };
  const out = await openTextFile(file);
  let rows = 0;
  try {
    // The head's own text without its closing brace, then the rows one by one.
    await out.write(`${JSON.stringify(head, null, 2).slice(0, -2)},\n  "rows": [`);
    for await (const page of reports.pages) {
      await out.write(page.map((r, i) => `${rows + i ? ',' : ''}\n    ${nested(jsonRow(req, r), 2)}`).join(''));
      rows += page.length;
    }
    const missing = reports.index.notSubmitted.map(({ id, name, commune }) => ({ id, name, commune }));
    await out.write(`${rows ? '\n  ' : ''}],\n  "notSubmitted": ${nested(missing, 1)}\n}\n`);
    await out.close();
  } catch (e) {
    await out.abort();
    throw e;
  }
  return { rows };
}
