import type { Button, OutboundMessage } from '../../lib/messages.js';
import { chunk } from '../../lib/chunk.js';
import type { HandlerContext } from '../../router/context.js';
import { visibleFields, type AnswerValue, type FieldDef } from '../../services/reports/form-definition.js';
import { fieldKey, formatValue, noneLabel, optionLabel, pickLabel } from './field-values.js';
import { REP, type OpenDraft } from './report-state.js';
import { reportName } from './report-text.js';

/** The value offered with "keep": what the draft holds, else what was submitted last period. */
export function defaultFor(d: OpenDraft, f: FieldDef): { value: AnswerValue; from: 'draft' | 'previous' } | undefined {
  const now = d.answers[f.key];
  if (now !== undefined && now !== null) return { value: now, from: 'draft' };
  const before = d.previous?.[f.key];
  if (before !== undefined && before !== null) return { value: before, from: 'previous' };
  return undefined;
}

/**
 * One question: progress ("Câu 5/26"), the prompt, last period's value or the current one to keep,
 * and buttons (options first, so that a number typed on Zalo picks an option; a multiple choice's
 * "Xong" right after them, always there, so no number moves when the first option is ticked).
 * `fixes`: earlier questions a failed rule involves, each offered as "✏️ Sửa: <label>".
 */
export function askField(ctx: HandlerContext, d: OpenDraft, f: FieldDef, notes: string[] = [], picked?: string[], fixes: FieldDef[] = []): OutboundMessage {
  const { t, locale } = ctx;
  const visible = visibleFields(d.form, d.answers);
  const index = visible.findIndex((v) => v.key === f.key) + 1;
  const total = Math.max(visible.length, index);
  const keep = defaultFor(d, f);
  const lines = [
    ...notes,
    notes.length ? '' : undefined,
    t('reports.progress', { n: index, total, report: reportName(t, d.form, d.data.period) }),
    t(fieldKey(d.form, f, 'prompt')),
  ].filter((l): l is string => l !== undefined);
  if (keep) {
    const shown = formatValue(t, locale, d.form, f, keep.value);
    lines.push(t(keep.from === 'draft' ? 'reports.current_value' : `reports.previous_value_${d.form.periodKind}`, { value: shown }));
  }
  const options: Button[] = [];
  const none = f.required ? undefined : noneLabel(t, d.form, f);
  let input: OutboundMessage['input'] = 'text';
  if (f.picks) {
    // Typed numbers are the answer ("4" is 4 stars), not the buttons' order; their labels still press them.
    input = 'text';
    for (const n of f.picks) options.push({ label: pickLabel(t, d.form, f, n), action: `${REP}:o:${f.key}:${n}` });
    if (none) options.push({ label: none, action: `${REP}:skip:${f.key}` });
    lines.push(t(fieldKey(d.form, f, 'hint'), { defaultValue: t(`reports.hint.${f.type}`) }));
  } else if (f.type === 'choice') {
    input = 'choice';
    (f.options ?? []).forEach((o, i) => options.push({ label: optionLabel(t, d.form, f, o), action: `${REP}:o:${f.key}:${i}` }));
  } else if (f.type === 'yesno') {
    input = 'choice';
    options.push({ label: t('reports.yes'), action: `${REP}:o:${f.key}:y` }, { label: t('reports.no'), action: `${REP}:o:${f.key}:n` });
  } else if (f.type === 'multi') {
    input = 'choice';
    const ticked = new Set(picked ?? []);
    (f.options ?? []).forEach((o, i) =>
      options.push({ label: `${ticked.has(o) ? '✅ ' : ''}${optionLabel(t, d.form, f, o)}`, action: `${REP}:m:${f.key}:${i}` }),
    );
    lines.push(ticked.size ? t('reports.multi_picked', { picked: [...ticked].map((o) => optionLabel(t, d.form, f, o)).join(', ') }) : t('reports.multi_hint'));
  } else {
    lines.push(t(fieldKey(d.form, f, 'hint'), { defaultValue: t(`reports.hint.${f.type}`) }));
  }
  lines.push(t('reports.nav_hint'));

  const extra: Button[] = [];
  if (f.type === 'multi') extra.push({ label: t('reports.multi_done'), action: `${REP}:done:${f.key}` });
  for (const other of fixes)
    extra.push({ label: t('reports.fix', { label: t(fieldKey(d.form, other, 'label')) }), action: `${REP}:fix:${f.key}:${other.key}` });
  if (keep) {
    const shown = formatValue(t, locale, d.form, f, keep.value);
    extra.push({ label: t('reports.keep', { value: shown.length > 40 ? `${shown.slice(0, 39)}…` : shown }), action: `${REP}:keep:${f.key}` });
  }
  if (!f.required && !(none && f.picks)) extra.push({ label: none ?? t('reports.skip'), action: `${REP}:skip:${f.key}` });
  const nav: Button[] = [];
  if (index > 1 || d.data.edit)
    nav.push({ label: d.data.edit ? t('reports.to_summary') : t('reports.back'), action: d.data.edit ? `${REP}:sum` : `${REP}:back:${f.key}` });
  nav.push({ label: t('reports.pause'), action: `${REP}:pause` });
  return { text: lines.join('\n'), input, buttons: [...chunk(options, 2), ...chunk(extra, 1), nav] };
}
