import { formatPlainNumber } from '../../lib/format-number.js';
import { dayKeyText, vnDateTimeText } from '../../lib/vn-time.js';
import { openTextFile } from './open-text-file.js';
import type { ReportExportRequest, ReportStream, SubmittedReport } from './export-types.js';
import { peopleColumnKinds, peopleTableHeaders, peopleTableRow } from './people-table.js';
import { reportTableHeaders, reportTableRow, type Cell } from './report-table.js';
import { CSV_BOM, csvLine, RAW_CSV, type CsvCell, type CsvDialect } from './write-csv.js';
import type { ColumnKind } from './xlsx-styles.js';

/** Excel under Vietnamese regional settings: `;` between cells, a decimal comma, no grouping. */
const VI_CSV: CsvDialect = { separator: ';', number: (n) => formatPlainNumber(n, 'vi') };

/** A cell of the Vietnamese CSV: the submission time in Việt Nam (`dd/MM/yyyy HH:mm`), days as `dd/MM/yyyy`. */
function viCell(kind: ColumnKind, v: Cell): CsvCell {
  if (typeof v !== 'string' || v === '') return v;
  if (kind === 'datetime') return vnDateTimeText(new Date(v));
  if (kind === 'date') return dayKeyText(v);
  return v;
}

/**
 * The reports as CSV, written a page at a time. `req.csvLocale` `vi` (default): the columns of the
 * XLSX's report sheet (labels, type, size class) for Excel in Vietnamese; `raw`: the report table.
 */
export async function writeReportCsv(req: ReportExportRequest, reports: ReportStream, file: string): Promise<{ rows: number }> {
  const { form, t } = req;
  const dialect = req.csvLocale === 'raw' ? RAW_CSV : VI_CSV;
  let headers: string[];
  let line: (r: SubmittedReport) => string;
  if (req.csvLocale === 'raw') {
    headers = reportTableHeaders(form, t, req.locale);
    line = (r) => csvLine(reportTableRow(form, r, t), dialect);
  } else {
    const kinds = peopleColumnKinds(form);
    headers = peopleTableHeaders(form, t, req.locale);
    line = (r) =>
      csvLine(
        peopleTableRow(form, r, reports.index.cooperatives.get(r.cooperative.id)?.kind, t).map((v, i) => viCell(kinds[i]!, v)),
        dialect,
      );
  }
  const out = await openTextFile(file);
  let rows = 0;
  try {
    await out.write(CSV_BOM + csvLine(headers, dialect));
    for await (const page of reports.pages) {
      await out.write(page.map(line).join(''));
      rows += page.length;
    }
    await out.close();
  } catch (e) {
    await out.abort();
    throw e;
  }
  return { rows };
}
