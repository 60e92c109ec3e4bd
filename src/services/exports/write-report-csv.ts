import { openTextFile } from './open-text-file.js';
import type { ReportExportRequest, ReportStream } from './export-types.js';
import { reportTableHeaders, reportTableRow } from './report-table.js';
import { CSV_BOM, csvLine } from './write-csv.js';

/** The reports as CSV (the columns of the report table), written a page at a time. */
export async function writeReportCsv(req: ReportExportRequest, reports: ReportStream, file: string): Promise<{ rows: number }> {
  const out = await openTextFile(file);
  let rows = 0;
  try {
    await out.write(CSV_BOM + csvLine(reportTableHeaders(req.form, req.t, req.locale)));
    for await (const page of reports.pages) {
      await out.write(page.map((r) => csvLine(reportTableRow(req.form, r, req.t))).join(''));
      rows += page.length;
    }
    await out.close();
  } catch (e) {
    await out.abort();
    throw e;
  }
  return { rows };
}
