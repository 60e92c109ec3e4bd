import ExcelJS from 'exceljs';
import { rm, stat } from 'node:fs/promises';
import type { Db } from '../../db/database.js';
import type { Locale, T } from '../../i18n/i18n.js';
import { vnWallClock } from '../../lib/vn-time.js';
import { foldText } from '../../lib/vietnamese-text.js';
import type { AreaScope } from '../access/officer-scope.js';
import { evaluateArea, type AreaEligibility } from '../eligibility/evaluate-area.js';
import type { Rule } from '../eligibility/rule.js';
import { sectorLabel } from './sector-label.js';
import { HEADER_STYLE, NOTE_STYLE, NUMBER_FORMAT, TITLE_STYLE } from './xlsx-styles.js';

type Value = ExcelJS.CellValue | undefined;
const COUNT: Partial<ExcelJS.Style> = { numFmt: NUMBER_FORMAT.count };

function put(ws: ExcelJS.Worksheet, cells: Value[], style?: (i: number) => Partial<ExcelJS.Style> | undefined) {
  const row = ws.addRow(cells);
  if (style) row.eachCell((c, col) => {
    const s = style(col - 1);
    if (s) c.style = s;
  });
  row.commit();
}

/** "Tỉnh Demo", "Xã An Bình, Tỉnh Demo", "Toàn quốc". */
const areaText = (t: T, scope: AreaScope) =>
  scope.commune
    ? t('exports.summary.scope_commune', { commune: scope.commune, province: scope.province })
    : scope.province
      ? t('exports.summary.scope_province', { province: scope.province })
      : t('exports.summary.scope_country');

/**
 * Two sheets of an area's supports (evaluateArea): "Hỗ trợ đủ điều kiện" — per support, how many
 * active cooperatives qualify, might qualify (a fact is missing), do not, or cannot be told, and of
 * those that qualify how many received it by their latest annual report; a support the report form
 * has no option for says so — and "Đủ ĐK, chưa nhận": the cooperatives that qualify for a support
 * but whose latest annual report says they did not receive it, one row per support and cooperative.
 */
export function addEligibilitySheets(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  area: AreaEligibility,
  o: { t: T; locale: Locale; scope: AreaScope; sector?: string },
): void {
  const { t, locale } = o;
  const ws = wb.addWorksheet(t('eligoff.sheet.name'));
  ws.columns = [{ width: 46 }, { width: 14 }, { width: 14 }, { width: 14 }, { width: 14 }, { width: 14 }, { width: 14 }, { width: 14 }, { width: 40 }, { width: 50 }];
  put(ws, [t('eligoff.sheet.title')], () => TITLE_STYLE);
  put(ws, [t('exports.summary.scope'), areaText(t, o.scope)]);
  put(ws, [t('exports.summary.sector'), o.sector ? sectorLabel(t, o.sector) : t('exports.summary.sector_all')]);
  put(ws, [t('eligoff.sheet.evaluated_at'), vnWallClock(area.evaluatedAt)], (i) => (i === 1 ? { numFmt: NUMBER_FORMAT.datetime, alignment: { horizontal: 'left' } } : undefined));
  put(ws, [t('eligoff.sheet.cooperatives'), area.cooperatives], (i) => (i === 1 ? COUNT : undefined));
  put(ws, [t('eligoff.sheet.with_report'), area.withReport], (i) => (i === 1 ? COUNT : undefined));
  put(ws, [t('eligoff.sheet.note')], () => NOTE_STYLE);
  put(ws, []);
  const headers = ['support', 'applies', 'maybe', 'not_applicable', 'unknown', 'received', 'not_received', 'received_unknown', 'form_option', 'legal_basis'].map((c) =>
    t(`eligoff.columns.${c}`),
  );
  const header = ws.addRow(headers);
  header.height = 45;
  header.eachCell((c) => (c.style = HEADER_STYLE));
  header.commit();
  for (const s of area.supports) {
    put(
      ws,
      [
        s.title[locale],
        s.applies,
        s.maybe,
        s.notApplicable,
        s.unknown,
        s.supportKind ? s.received : undefined,
        s.supportKind ? s.notReceived.length : undefined,
        s.receivedUnknown,
        s.supportKind ? t(`forms.annual.fields.support_received.options.${s.supportKind}`) : t('eligoff.no_form_option'),
        s.secondary ? `${s.legalBasis} ${t('eligoff.secondary')}` : s.legalBasis,
      ],
      (i) => (i >= 1 && i <= 7 ? COUNT : undefined),
    );
  }
  if (!area.supports.length) put(ws, [t('eligoff.no_supports')], () => NOTE_STYLE);
  ws.commit();

  const list = wb.addWorksheet(t('eligoff.sheet.list_name'), { views: [{ state: 'frozen', ySplit: 1 }] });
  const cols = ['support', 'id', 'name', 'registration_code', 'commune', 'sector', 'report'];
  list.columns = [{ width: 40 }, { width: 8 }, { width: 36 }, { width: 18 }, { width: 22 }, { width: 18 }, { width: 14 }];
  list.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: cols.length } };
  const head = list.addRow(cols.map((c) => t(`eligoff.columns.${c}`)));
  head.height = 30;
  head.eachCell((c) => (c.style = HEADER_STYLE));
  head.commit();
  for (const s of area.supports) {
    for (const c of s.notReceived) {
      put(list, [s.title[locale], c.id, c.name, c.registrationCode ?? undefined, c.commune ?? undefined, sectorLabel(t, c.sector), c.report?.period]);
    }
  }
  list.commit();
}

const slug = (text: string) =>
  foldText(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** `ho-tro-du-dieu-kien-<area>.xlsx`, ASCII. */
export const eligibilityFilename = (scope: AreaScope) => `ho-tro-du-dieu-kien-${slug(scope.commune ?? scope.province ?? 'toan-quoc')}.xlsx`;

/**
 * The supports of an officer's area (`scope`, already narrowed by scopeWithin) as an XLSX file of
 * its own (the two sheets of addEligibilitySheets), evaluated on `now`. The caller audits it.
 */
export async function writeEligibilityExport(
  db: Db,
  o: { scope: AreaScope; sector?: string; now: Date; t: T; locale: Locale; file: string; rules?: readonly Rule[] },
): Promise<{ file: string; filename: string; bytes: number; cooperatives: number; notReceived: number }> {
  const area = await evaluateArea(db, { scope: o.scope, sector: o.sector, now: o.now, rules: o.rules });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: o.file, useStyles: true, useSharedStrings: false });
  wb.creator = 'Trợ lý HTX';
  wb.created = o.now;
  try {
    addEligibilitySheets(wb, area, o);
    await wb.commit();
  } catch (e) {
    await rm(o.file, { force: true });
    throw e;
  }
  return {
    file: o.file,
    filename: eligibilityFilename(o.scope),
    bytes: (await stat(o.file)).size,
    cooperatives: area.cooperatives,
    notReceived: area.supports.reduce((n, s) => n + s.notReceived.length, 0),
  };
}
