import type { Button, OutboundMessage } from '../../lib/messages.js';
import { chunk } from '../../lib/chunk.js';
import { parseQuarter, parseYear } from '../../lib/parse-date.js';
import { foldText } from '../../lib/vietnamese-text.js';
import type { Handler, HandlerContext } from '../../router/context.js';
import { scopeWithin } from '../../services/access/officer-scope.js';
import { exportFilename, type ReportExportRequest } from '../../services/exports/report-export.js';
import { uniqueExportFile } from '../../services/exports/unique-export-file.js';
import type { FormId } from '../../services/reports/form-definition.js';
import { formById } from '../../services/reports/forms/forms.js';
import { currentPeriod, parsePeriodId, periodWindow, previousPeriod, quarterPeriod } from '../../services/reports/report-schedule.js';
import { targetSetForPeriod, targetSetsFor } from '../../services/targets/plan-targets.js';
import { reportName } from '../reports/report-text.js';
import { FORMATS_OFFERED, FORMS_OFFERED, picksArea, sequence, settled, xbcFlow, type ChatExportFormat, type Step, type XbcData } from './export-state.js';

/**
 * `/xuatbaocao`: an officer exports the submitted reports of their area to a file, one question at
 * a time — form → period (current, previous, or typed: "2025", "quý 2/2026") → area (the whole
 * area, or one commune of their province; a commune officer is not asked) → Excel or CSV — and
 * gets the file as a document with "N báo cáo, M HTX chưa nộp". Each answer is saved in the
 * conversation before the next question (a restart resumes); /huy or ✖️ leaves. The area is checked
 * with scopeWithin when the file is made, whatever buttons were pressed. Every export is audited.
 */

/** Area buttons shown at most (a saved menu holds 100 buttons); the others are chosen by typing their names. */
const MAX_AREA_BUTTONS = 60;

const act = xbcFlow.action;
const bare = (s: string) => foldText(s).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
const withoutPrefix = (s: string) => s.replace(/^(?:xa|phuong|thi tran|dac khu|tinh|thanh pho|tp) /, '');

/** A typed period: a quarter ("quý 2/2026", "Q2 2026", "quý trước") or a year ("2025", "năm ngoái"). */
function readPeriod(text: string, now: Date): { form: FormId; period: string } | null {
  const q = parseQuarter(text, now);
  if (q.ok) return { form: 'quarterly', period: quarterPeriod(q.value.year, q.value.quarter) };
  const y = parseYear(text, now);
  if (y.ok) return { form: 'annual', period: String(y.value) };
  return null;
}

/** Sets the chat on a step and asks its question. The scope step first loads its choices (none: skipped). */
async function ask(ctx: HandlerContext, step: Step, d: XbcData, notes: string[] = []): Promise<OutboundMessage[]> {
  const { t } = ctx;
  let data = settled(d);
  const seq = sequence(ctx.who);
  const head = [...xbcFlow.notesHead(notes), `${t('xbc.title')} · ${t('xbc.step', { n: seq.indexOf(step) + 1, total: seq.length })}`];
  const lines: string[] = [];
  let choices: Button[][] = [];
  switch (step) {
    case 'form':
      lines.push(t('xbc.form.prompt'), t('xbc.form.hint'));
      choices = [FORMS_OFFERED.map((f) => ({ label: t(`forms.${f}.short`), action: act(step, 'pick', f) }))];
      break;
    case 'period': {
      const form = formById(d.form ?? 'annual');
      const current = currentPeriod(form, ctx.now, ctx.reportSchedule);
      const previous = previousPeriod(current);
      const older = parsePeriodId(previousPeriod(previous))!;
      const example = older.quarter === undefined ? String(older.year) : t('xbc.period.example_quarter', { quarter: older.quarter, year: older.year });
      lines.push(t('xbc.period.prompt'), t('xbc.period.hint', { example }));
      choices = [
        [{ label: t('xbc.period.current', { name: reportName(t, form, current) }), action: act(step, 'pick', current) }],
        [{ label: t('xbc.period.previous', { name: reportName(t, form, previous) }), action: act(step, 'pick', previous) }],
      ];
      break;
    }
    case 'scope': {
      const { level, options } = await ctx.services.listExportAreas(ctx.who);
      // Nothing to choose from (a commune officer, or an area without communes): the whole area.
      if (level === 'none' || !options.length) return ask(ctx, 'format', { ...data, area: {} }, notes);
      data = { ...data, level, options };
      lines.push(t('xbc.scope.prompt'), t(level === 'commune' ? 'xbc.scope.hint' : 'xbc.scope.hint_province', { example: options[0] }));
      const all = level === 'commune' ? t('xbc.scope.all_province', { province: ctx.who.province }) : t('xbc.scope.all_country');
      choices = [[{ label: all, action: act(step, 'all') }], ...chunk(options.slice(0, MAX_AREA_BUTTONS).map((o, i) => ({ label: o, action: act(step, 'pick', String(i)) })), 2)];
      if (options.length > MAX_AREA_BUTTONS) lines.push(t('xbc.scope.more', { count: options.length - MAX_AREA_BUTTONS }));
      break;
    }
    case 'format':
      lines.push(t('xbc.format.prompt'));
      choices = [FORMATS_OFFERED.map((f) => ({ label: t(`xbc.format.${f}`), action: act(step, 'pick', f) }))];
      break;
  }
  return xbcFlow.prompt(ctx, step, data, { text: [...head, ...lines].join('\n'), buttons: choices });
}

function next(ctx: HandlerContext, from: Step, d: XbcData, notes: string[] = []): Promise<OutboundMessage[]> {
  return ask(ctx, xbcFlow.after(sequence(ctx.who), from) ?? 'format', d, notes);
}

function back(ctx: HandlerContext, from: Step, d: XbcData): Promise<OutboundMessage[]> {
  return ask(ctx, xbcFlow.before(sequence(ctx.who), from) ?? 'form', d);
}

/** A period chosen: refused when it has not opened yet; then the area (or the format). */
function choosePeriod(ctx: HandlerContext, d: XbcData, form: FormId, period: string, notes: string[] = []): Promise<OutboundMessage[]> {
  const def = formById(form);
  if (periodWindow(def, period, ctx.reportSchedule).opensAt > ctx.now) {
    const current = reportName(ctx.t, def, currentPeriod(def, ctx.now, ctx.reportSchedule));
    return ask(ctx, 'period', { ...d, form }, [ctx.t('xbc.period.future', { name: reportName(ctx.t, def, period), current })]);
  }
  return next(ctx, 'period', { ...d, form, period }, notes);
}

/** An area chosen (a commune of the province, or a province); checked against the jurisdiction. */
function chooseArea(ctx: HandlerContext, d: XbcData, name: string): Promise<OutboundMessage[]> {
  const area = d.level === 'province' ? { province: name } : { province: ctx.who.province ?? undefined, commune: name };
  if (!scopeWithin(ctx.who, area).ok) return ask(ctx, 'scope', d, [outside(ctx)]);
  return next(ctx, 'scope', { ...d, area });
}

const outside = (ctx: HandlerContext) =>
  ctx.t('xbc.scope.outside', { area: [ctx.who.commune, ctx.who.province].filter(Boolean).join(', ') || ctx.t('xbc.scope.all_country') });

/** Makes the file in EXPORTS_DIR, audits it and sends it as a document with its counts. */
async function produce(ctx: HandlerContext, d: XbcData, format: ChatExportFormat): Promise<OutboundMessage[]> {
  if (!d.form || !d.period) return ask(ctx, 'form', {});
  const scoped = scopeWithin(ctx.who, d.area ?? {});
  if (!scoped.ok) return ask(ctx, 'scope', { ...d, area: undefined }, [outside(ctx)]);
  const form = formById(d.form);
  const targetSet = form.id === 'annual' ? targetSetForPeriod(targetSetsFor(ctx.planTargets, scoped.scope.province ?? null), d.period) : null;
  const req: ReportExportRequest = { form, period: d.period, scope: scoped.scope, format, locale: ctx.locale, t: ctx.t, targetSet };
  let result;
  try {
    const file = await uniqueExportFile(ctx.exportsDir, exportFilename(req), ctx.now);
    result = await ctx.services.writeReportExport(req, { file });
  } catch (err) {
    ctx.log.error({ err, form: form.id, period: d.period, scope: scoped.scope, format }, 'chat export failed');
    return ask(ctx, 'format', d, [ctx.t('xbc.failed')]);
  }
  await ctx.services.writeAudit({
    actorId: ctx.who.personId,
    action: 'export.chat',
    subject: `reports:${form.id}:${d.period}`,
    details: {
      format,
      scope: { province: scoped.scope.province ?? null, commune: scoped.scope.commune ?? null },
      rows: result.rows,
      notSubmitted: result.notSubmitted,
      file: result.file,
      channel: ctx.msg.channel,
      targetSet: targetSet?.id ?? null,
    },
  });
  ctx.log.info({ form: form.id, period: d.period, scope: scoped.scope, format, rows: result.rows }, 'chat export');
  ctx.endFlow();
  return [
    {
      text: ctx.t('xbc.caption', { count: result.rows, missing: result.notSubmitted }),
      document: { filename: result.filename, path: result.file, mimeType: result.mimeType },
    },
  ];
}

/** A button of the current step. */
async function pressed(ctx: HandlerContext, step: Step, d: XbcData, verb: string | undefined, arg: string | undefined): Promise<OutboundMessage[]> {
  if (verb === 'back') return back(ctx, step, d);
  switch (step) {
    case 'form': {
      const form = FORMS_OFFERED.find((f) => f === arg);
      // Another form than before: the period chosen for it no longer applies.
      return form ? next(ctx, step, { ...d, form, ...(form === d.form ? {} : { period: undefined }) }) : ask(ctx, step, d);
    }
    case 'period': {
      const form = d.form ?? 'annual';
      const kind = formById(form).periodKind;
      if (!arg || !(kind === 'year' ? /^\d{4}$/ : /^\d{4}-Q[1-4]$/).test(arg)) return ask(ctx, step, d);
      return choosePeriod(ctx, d, form, arg);
    }
    case 'scope': {
      if (verb === 'all') return next(ctx, step, { ...d, area: {} });
      const name = arg && /^\d{1,4}$/.test(arg) ? d.options?.[Number(arg)] : undefined;
      // A forged or stale button (or an officer whose area has none): asked again, never widened.
      if (name === undefined || !picksArea(ctx.who)) return ask(ctx, step, d, [outside(ctx)]);
      return chooseArea(ctx, d, name);
    }
    case 'format': {
      const format = FORMATS_OFFERED.find((f) => f === arg);
      return format ? produce(ctx, d, format) : ask(ctx, step, d);
    }
  }
}

/** Text typed at a step. */
async function typed(ctx: HandlerContext, step: Step, d: XbcData, text: string): Promise<OutboundMessage[]> {
  const words = bare(text);
  switch (step) {
    case 'form': {
      const read = readPeriod(text, ctx.now);
      if (read) return choosePeriod(ctx, { ...d, form: read.form }, read.form, read.period);
      if (/\b(quy|quarter|quarterly)\b/.test(words)) return next(ctx, step, { ...d, form: 'quarterly' });
      if (/\b(nam|annual|year)\b/.test(words)) return next(ctx, step, { ...d, form: 'annual' });
      return ask(ctx, step, d, [ctx.t('xbc.form.not_understood')]);
    }
    case 'period': {
      const read = readPeriod(text, ctx.now);
      const form = d.form ?? 'annual';
      if (!read) return ask(ctx, step, d, [ctx.t(form === 'annual' ? 'xbc.period.not_understood_year' : 'xbc.period.not_understood_quarter')]);
      const notes = read.form === form ? [] : [ctx.t('xbc.period.switched', { name: reportName(ctx.t, formById(read.form), read.period) })];
      return choosePeriod(ctx, d, read.form, read.period, notes);
    }
    case 'scope': {
      const options = d.options ?? [];
      const q = withoutPrefix(words);
      let index = options.findIndex((o) => bare(o) === words || withoutPrefix(bare(o)) === q);
      if (index < 0) {
        const containing = options.flatMap((o, i) => (withoutPrefix(bare(o)).includes(q) ? [i] : []));
        if (containing.length === 1) index = containing[0]!;
      }
      if (!q || index < 0 || !picksArea(ctx.who)) return ask(ctx, step, d, [ctx.t('xbc.scope.not_found', { name: text.slice(0, 60) })]);
      return chooseArea(ctx, d, options[index]!);
    }
    case 'format': {
      if (/\b(excel|xlsx|xls)\b/.test(words)) return produce(ctx, d, 'xlsx');
      if (/\bcsv\b/.test(words)) return produce(ctx, d, 'csv');
      return ask(ctx, step, d, [ctx.t('xbc.format.not_understood')]);
    }
  }
}

/** `/xuatbaocao` and the menu button: a new export from the first question. */
export const startExport: Handler = xbcFlow.start((ctx) => ask(ctx, 'form', {}));

/** Buttons (`xbc:…`) and every message while the flow is active. */
export const exportHandler: Handler = xbcFlow.handler({
  // The menu button, or a button of an export that expired or finished: start again.
  start: startExport,
  lost: startExport,
  again: ask,
  button: pressed,
  text: typed,
});
