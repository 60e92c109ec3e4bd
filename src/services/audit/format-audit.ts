import { vnDateTime } from '../../lib/vn-time.js';
import type { AuditRow } from './list-audit.js';

const COLUMNS = ['when (VN)', 'who', 'action', 'subject', 'scope', 'rows'] as const;
/** Longer cells are cut with "…" so a line stays readable in a terminal. */
const MAX_WIDTH: Record<(typeof COLUMNS)[number], number> = { 'when (VN)': 16, who: 34, action: 28, subject: 32, scope: 40, rows: 8 };

const cut = (s: string, max: number) => ([...s].length > max ? `${[...s].slice(0, max - 1).join('')}…` : s);
const pad = (s: string, width: number) => s + ' '.repeat(Math.max(0, width - [...s].length));

/** Who did it: `#12 Nguyễn Văn A (officer)`, or `system` for the command line and jobs. */
function who(r: AuditRow): string {
  if (r.actorId === null) return 'system';
  return [`#${r.actorId}`, r.actorName, r.actorRole ? `(${r.actorRole})` : null].filter(Boolean).join(' ');
}

/** Audit entries as an aligned text table, one line each, with a header. */
export function formatAuditTable(rows: readonly AuditRow[]): string {
  const cells = rows.map((r) => [vnDateTime(r.at), who(r), r.action, r.subject ?? '-', r.scope ?? '-', r.rows === null ? '-' : String(r.rows)]);
  const widths = COLUMNS.map((c, i) => Math.min(MAX_WIDTH[c], Math.max(c.length, ...cells.map((line) => [...line[i]!].length))));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (i === COLUMNS.length - 1 ? v.padStart(widths[i]!) : pad(cut(v, widths[i]!), widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(COLUMNS), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
