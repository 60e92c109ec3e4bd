import type { OutboundMessage } from '../../lib/messages.js';
import type { HandlerContext } from '../../router/context.js';
import { failedChecks, missingFields } from '../../services/reports/check-answers.js';
import { visibleFields, type Answers, type CrossCheck, type FormDef } from '../../services/reports/form-definition.js';
import { formatMoney } from '../../lib/format-number.js';
import { fieldKey, formatValue } from './field-values.js';
import { REP, type OpenDraft } from './report-state.js';
import { reportName } from './report-text.js';

/** The numbered lines "7. Doanh thu: 1.500.000.000 đ" of a report's answers. */
export function answerLines(ctx: Pick<HandlerContext, 't' | 'locale'>, form: FormDef, a: Answers): string[] {
  return visibleFields(form, a).map((f, i) => {
    const value = formatValue(ctx.t, ctx.locale, form, f, a[f.key]);
    const shown = f.type === 'text' && value.length > 120 ? `${value.slice(0, 119)}…` : value;
    return `${i + 1}. ${ctx.t(fieldKey(form, f, 'label'))}: ${shown}`;
  });
}

/** A cross check's message, its money values formatted. */
export function checkMessage(ctx: Pick<HandlerContext, 't' | 'locale'>, form: FormDef, c: CrossCheck, a: Answers, previous?: Answers): string {
  const params: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(c.params?.(a, previous) ?? {})) {
    const field = form.fields.find((f) => f.key === name);
    const money = c.money?.includes(name) || field?.type === 'money';
    params[name] = money && typeof v === 'number' ? formatMoney(v, ctx.locale) : v;
  }
  return ctx.t(`checks.${c.id}`, params);
}

/** The summary before submitting: every answer numbered, warnings, what is missing, and the actions. */
export function summary(ctx: HandlerContext, d: OpenDraft, notes: string[] = []): OutboundMessage {
  const { t } = ctx;
  ctx.goTo(REP, 'summary', { reportId: d.data.reportId, form: d.data.form, period: d.data.period });
  const lines = answerLines(ctx, d.form, d.answers);
  const visible = visibleFields(d.form, d.answers);
  const missing = missingFields(d.form, d.answers);
  const problems = failedChecks(d.form, d.answers, d.previous);
  const text = [
    ...notes,
    ...(notes.length ? [''] : []),
    t('reports.summary_title', { report: reportName(t, d.form, d.data.period), coop: ctx.who.cooperativeName ?? '' }),
    ...lines,
    ...problems.map((c) => `${c.level === 'error' ? '❗' : '⚠️'} ${checkMessage(ctx, d.form, c, d.answers, d.previous)}`),
    '',
    missing.length ? t('reports.summary_missing', { numbers: missing.map((f) => visible.indexOf(f) + 1).join(', ') }) : t('reports.summary_ready'),
    t('reports.summary_edit_hint', { example: Math.min(7, visible.length) }),
  ];
  const ready = !missing.length && !problems.some((c) => c.level === 'error');
  return {
    text: text.join('\n'),
    buttons: [
      ready ? [{ label: t('reports.submit'), action: `${REP}:send` }] : [{ label: t('reports.continue'), action: `${REP}:next` }],
      [
        { label: t('reports.edit'), action: `${REP}:edit` },
        { label: t('reports.pause'), action: `${REP}:pause` },
      ],
    ],
  };
}
