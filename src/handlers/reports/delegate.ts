import type { Button, OutboundMessage } from '../../lib/messages.js';
import type { Handler, HandlerContext } from '../../router/context.js';
import { REP } from './report-state.js';
import { idArg } from './review-flow.js';

export const DELEGATE = 'deleg';
/** How long a delegate's invite code stays valid. */
export const DELEGATE_INVITE_DAYS = 7;

async function show(ctx: HandlerContext, notes: string[] = []): Promise<OutboundMessage[]> {
  const delegates = (await ctx.services.findReportFilers(ctx.who.cooperativeId!)).filter((p) => p.role === 'member');
  const lines = delegates.length ? delegates.map((p) => `• ${p.name ?? ctx.t('delegates.no_name', { id: p.personId })}`) : [ctx.t('delegates.none')];
  const revoke: Button[][] = delegates
    .slice(0, 6)
    .map((p) => [{ label: ctx.t('delegates.revoke', { name: (p.name ?? `#${p.personId}`).slice(0, 40) }), action: `${DELEGATE}:rm:${p.personId}` }]);
  return [
    {
      text: [
        ...notes,
        ...(notes.length ? [''] : []),
        ctx.t('delegates.title', { coop: ctx.who.cooperativeName ?? '' }),
        ...lines,
        '',
        ctx.t('delegates.explain'),
      ].join('\n'),
      buttons: [[{ label: ctx.t('delegates.new'), action: `${DELEGATE}:new` }], ...revoke, [{ label: ctx.t('reports.home_button'), action: REP }]],
    },
  ];
}

/**
 * `/uyquyen` and the "Người làm báo cáo" button: a director gives a one-time invite code to the
 * member who will fill in the reports, or withdraws that right. Directors only.
 */
export const delegateHandler: Handler = async (ctx) => {
  if (ctx.who.role !== 'director' || ctx.who.cooperativeId === null) return [ctx.mainMenu(ctx.t('delegates.only_directors'))];
  const [verb, arg] = ctx.args;
  if (ctx.action && verb === 'new') {
    const invite = await ctx.services.createInvite({
      role: 'member',
      canReport: true,
      cooperativeId: ctx.who.cooperativeId,
      validDays: DELEGATE_INVITE_DAYS,
      createdById: ctx.who.personId,
      now: ctx.now,
    });
    await ctx.services.writeAudit({ actorId: ctx.who.personId, action: 'report.delegate_invited', subject: `invite:${invite.id}` });
    return show(ctx, [ctx.t('delegates.code', { code: invite.code, days: DELEGATE_INVITE_DAYS })]);
  }
  if (ctx.action && verb === 'rm') {
    const personId = idArg(arg);
    const done =
      personId !== undefined && (await ctx.services.revokeReportDelegate({ directorId: ctx.who.personId, cooperativeId: ctx.who.cooperativeId, personId }));
    if (done) ctx.forgetPeople([personId]);
    return show(ctx, [ctx.t(done ? 'delegates.revoked' : 'errors.button_expired')]);
  }
  return show(ctx);
};
