import type { OutboundMessage } from '../../lib/messages.js';
import type { HandlerContext } from '../../router/context.js';
import { ask, draftGone } from './fill-flow.js';
import { REVIEW } from './review-flow.js';
import { REP, type OpenDraft } from './report-state.js';
import { checkMessage, summary } from './report-summary.js';
import { reportName } from './report-text.js';

/**
 * The size class line after an annual report. Law 17/2023 Art. 16 leaves the thresholds to the
 * Government (Decree 113/2024/NĐ-CP), whose text the assistant does not carry: its figures are known
 * only from secondary sources (policy-facts 6.4b), so no class is stated, as the knowledge base's
 * article establishment-size-classes says too.
 */
function sizeLine(ctx: HandlerContext): string {
  return ctx.t('size_class.unknown');
}

/**
 * Submits the draft: stored as a new revision, the officers of the cooperative's area are told
 * (each in their language, with a button to review it), and an annual report gets its size class.
 */
export async function submit(ctx: HandlerContext, d: OpenDraft): Promise<OutboundMessage[]> {
  const result = await ctx.services.submitReport({ reportId: d.report.id, form: d.form, personId: ctx.who.personId, previous: d.previous, now: ctx.now });
  if (!result.ok) {
    if (result.reason === 'no_draft') return draftGone(ctx);
    if (result.reason === 'incomplete') return ask(ctx, d, result.missing[0]!, [ctx.t('reports.incomplete', { count: result.missing.length })], false);
    return [
      summary(
        ctx,
        d,
        result.errors.map((c) => `❗ ${checkMessage(ctx, d.form, c, d.answers, d.previous)}`),
      ),
    ];
  }
  const coop = await ctx.services.findCooperative({ cooperativeId: d.report.cooperativeId });
  const officers = await ctx.services.findResponsibleOfficers({ province: coop.province, commune: coop.commune }, ctx.who.personId);
  const told = await Promise.all(
    officers.map((o) => {
      const t = ctx.translatorFor(o.locale);
      return ctx.notify(o.personId, {
        text: t(result.revision === 1 ? 'review.new_report' : 'review.resubmitted', {
          coop: coop.name,
          report: reportName(t, d.form, d.data.period),
          revision: result.revision,
        }),
        buttons: [[{ label: t('review.view_button'), action: `${REVIEW}:v:${d.report.id}` }]],
        locale: o.locale,
      });
    }),
  );
  ctx.log.info({ reportId: d.report.id, revision: result.revision, officers: officers.length, told: told.filter(Boolean).length }, 'report submitted');
  ctx.endFlow();
  const lines = [ctx.t('reports.submitted', { report: reportName(ctx.t, d.form, d.data.period), coop: coop.name, revision: result.revision })];
  if (d.form.id === 'annual') lines.push('', sizeLine(ctx));
  return [{ text: lines.join('\n'), buttons: [[{ label: ctx.t('reports.home_button'), action: REP }], [{ label: ctx.t('menu.back'), action: 'menu:main' }]] }];
}
