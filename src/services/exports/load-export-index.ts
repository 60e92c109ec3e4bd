import type { Db } from '../../db/database.js';
import { queryAreaCooperatives, queryReportsById, querySubmittedKeys, type CooperativeRow } from './query-report-rows.js';
import { byCommuneThenName, submittedReport, } from './report-table.js';
import type { ExportIndex, ExportScope, SubmittedReport } from './export-types.js';

export type { ExportIndex } from './export-types.js';


const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/**
 * Two light queries — the cooperatives of the area, and the id, cooperative and status of each
 * submitted report — give an export its order (commune, then name, in Vietnamese collation: a
 * database's own may put "Đ" after "T") and the cooperatives that have not submitted. The reports
 * themselves are then read a page at a time by {@link exportReportPages}.
 */
export async function loadExportIndex(db: Db, s: ExportScope): Promise<ExportIndex> {
  const [coops, reports] = await Promise.all([queryAreaCooperatives(db, s), querySubmittedKeys(db, s)]);
  const cooperatives = new Map(coops.map((c) => [c.id, c]));
  const statuses = s.status ? new Set<string>(s.status) : null;
  const submitted = new Set<number>();
  const rows: { id: number; commune: number; name: string; coop: number }[] = [];
  // Few communes: rank them once, so that most comparisons are of two integers before the names.
  const communes = [...new Set(coops.map((c) => c.commune).filter((c): c is string => c !== null))].sort(collator.compare);
  const rank = new Map<string | null, number>(communes.map((c, i) => [c, i]));
  rank.set(null, communes.length);
  for (const r of reports) {
    const c = cooperatives.get(r.cooperativeId);
    if (!c) continue; // moved out of the area since the first query
    submitted.add(c.id);
    if (!statuses || statuses.has(r.status)) rows.push({ id: r.id, commune: rank.get(c.commune)!, name: c.name, coop: c.id });
  }
  rows.sort((a, b) => a.commune - b.commune || collator.compare(a.name, b.name) || a.coop - b.coop);
  const notSubmitted = coops
    .filter((c) => c.status === 'active' && !submitted.has(c.id))
    .map(({ status: _status, ...c }) => c)
    .sort(byCommuneThenName);
  return { reportIds: rows.map((r) => r.id), cooperatives, notSubmitted };
}

/**
 * The indexed reports, in the index's order, a page at a time (a page is all an export holds in
 * memory). A report removed since the index was read is left out.
 */
export async function* exportReportPages(db: Db, s: ExportScope, index: ExportIndex): AsyncGenerator<SubmittedReport[]> {
  const take = s.pageSize ?? 1000;
  const chunks: number[][] = [];
  for (let i = 0; i < index.reportIds.length; i += take) chunks.push(index.reportIds.slice(i, i + take));
  // The next page is read (on the database's side) while this one is written.
  let next = chunks.length ? queryReportsById(db, chunks[0]!) : null;
  for (let k = 0; k < chunks.length; k++) {
    const found = await next!;
    next = k + 1 < chunks.length ? queryReportsById(db, chunks[k + 1]!) : null;
    next?.catch(() => {});
    const byId = new Map(found.map((r) => [r.id, r]));
    const page: SubmittedReport[] = [];
    for (const id of chunks[k]!) {
      const r = byId.get(id);
      if (!r) continue;
      const { kind: _kind, status: _status, ...cooperative } = index.cooperatives.get(r.cooperativeId)!;
      page.push(submittedReport(s.form, r, cooperative));
    }
    yield page;
  }
}
