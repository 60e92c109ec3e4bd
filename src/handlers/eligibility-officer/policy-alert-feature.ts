import type { Button, OutboundMessage } from '../../lib/messages.js';
import type { Feature, Handler, HandlerContext } from '../../router/context.js';
import { isStaff } from '../../services/access/jurisdiction.js';
import { policyAlertKey, type PolicyAlertPreview } from '../../services/eligibility/policy-alert.js';
import { changeText, policyNotice, renderPolicyNotice } from './policy-alert-text.js';

/**
 * `/canhbaochinhsach`: after the rules or the articles they follow change (a new effective date, a
 * superseded document), an officer sees how many cooperatives of their area now evaluate
 * differently from what their directors were last told, with the message the directors will get;
 * «Gửi» queues one message per director of exactly those cooperatives (through the outbox) and
 * stores the new results; pressing it again queues nothing more. Buttons: `pca:send:<key>` (the
 * key of the preview confirmed: if the changes differ by then, the new preview is shown instead)
 * and `pca:cancel`.
 */
export const PCA = 'pca';
/** Cooperatives listed in the preview; the others are counted. */
const LISTED = 10;
/** Changes listed per cooperative in the preview. */
const CHANGES_LISTED = 3;

const areaText = (ctx: HandlerContext) => [ctx.who.commune, ctx.who.province].filter(Boolean).join(', ') || ctx.t('dashboard.web.area_country');
const jurisdiction = (ctx: HandlerContext) => ({ province: ctx.who.province, commune: ctx.who.commune });

function previewMessages(ctx: HandlerContext, p: PolicyAlertPreview, notes: string[] = []): OutboundMessage[] {
  const { t, locale } = ctx;
  const head = [...notes, t('eligoff.alert.title', { area: areaText(ctx) }), t('eligoff.alert.evaluated', { count: p.evaluated })];
  if (p.baselined) head.push(t('eligoff.alert.baselined', { count: p.baselined }));
  if (!p.changed.length) return [{ text: [...head, t('eligoff.alert.none')].join('\n') }];
  const lines = [t('eligoff.alert.changed', { count: p.changed.length })];
  for (const c of p.changed.slice(0, LISTED)) {
    const changes = c.changes.slice(0, CHANGES_LISTED).map((x) => changeText(t, locale, x));
    if (c.changes.length > CHANGES_LISTED) changes.push('…');
    const coop = c.cooperative.commune ? `${c.cooperative.name} (${c.cooperative.commune})` : c.cooperative.name;
    lines.push(t('eligoff.alert.coop_line', { coop, changes: changes.join('; ') }) + (c.directors.length ? '' : ` ${t('eligoff.alert.no_director')}`));
  }
  if (p.changed.length > LISTED) lines.push(t('eligoff.alert.more', { count: p.changed.length - LISTED }));
  const key = policyAlertKey(p);
  const buttons: Button[][] = [
    [{ label: p.directors ? t('eligoff.alert.send', { count: p.directors }) : t('eligoff.alert.save_only'), action: `${PCA}:send:${key}` }],
    [{ label: t('eligoff.alert.cancel'), action: `${PCA}:cancel` }],
  ];
  const sample = p.changed.find((c) => c.directors.length) ?? p.changed[0]!;
  const confirm = p.directors ? t('eligoff.alert.confirm', { count: p.directors }) : t('eligoff.alert.no_directors');
  return [
    { text: [...head, ...lines].join('\n') },
    { text: t('eligoff.alert.preview', { coop: sample.cooperative.name }) },
    // The director's message as the first of them will read it (in the officer's language here).
    { text: policyNotice(t, locale, sample).text },
    { text: confirm, input: 'choice', buttons },
  ];
}

const refuse = (ctx: HandlerContext) => [ctx.mainMenu(ctx.t('eligoff.alert.only_staff'))];

/** `/canhbaochinhsach`: the preview (cooperatives evaluated for the first time get their baseline, silently). */
const start: Handler = async (ctx) => {
  if (!isStaff(ctx.who.role)) return refuse(ctx);
  const p = await ctx.services.previewPolicyAlert({ jurisdiction: jurisdiction(ctx), now: ctx.now });
  return previewMessages(ctx, p);
};

/** `pca:send:<key>` and `pca:cancel`. */
const pressed: Handler = async (ctx) => {
  if (!isStaff(ctx.who.role)) return refuse(ctx);
  const [verb, key] = ctx.args;
  if (verb === 'cancel') return [ctx.mainMenu(ctx.t('eligoff.alert.cancelled'))];
  if (verb !== 'send' || !key) return start(ctx);
  const r = await ctx.services.confirmPolicyAlert({
    officer: { personId: ctx.who.personId, ...jurisdiction(ctx) },
    now: ctx.now,
    render: renderPolicyNotice(ctx.translatorFor),
    via: 'chat',
    expected: key,
  });
  if (!r.ok) return previewMessages(ctx, r.preview, [ctx.t('eligoff.alert.stale')]);
  ctx.log.info({ cooperatives: r.cooperatives, directors: r.directors, queued: r.queued }, 'policy alert confirmed');
  if (!r.cooperatives) return [ctx.mainMenu(ctx.t('eligoff.alert.sent_nothing'))];
  return [ctx.mainMenu(ctx.t('eligoff.alert.sent', { count: r.cooperatives, queued: r.queued }))];
};

export const policyAlertFeature: Feature = {
  name: 'policy-alerts',
  commands: { canhbaochinhsach: start },
  actions: { [PCA]: pressed },
};
