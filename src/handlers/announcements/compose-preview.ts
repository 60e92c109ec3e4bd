import type { Button, ChannelName, OutboundMessage } from '../../lib/messages.js';
import type { T } from '../../i18n/i18n.js';
import type { HandlerContext } from '../../router/context.js';
import type { AnnouncementContent } from '../../services/announcements/announcement-content.js';
import { countReach, type Reach } from '../../services/announcements/count-reach.js';
import { formatInteger, formatMoney } from '../../lib/format-number.js';
import { CHANNELS, type AudienceSpec } from '../../services/announcements/find-audience.js';
import { timeText } from '../reports/report-text.js';
import { announcementButtons, announcementMessage, renderAnnouncement } from './announcement-text.js';
import { ask, chosenCooperatives, coopLabel, sectorLabel, wholeProvince } from './compose-ask.js';
import { annFlow, areaOf, audienceSpec, isEvent, picksCommunes, sequence, settled, type AnnData, type Step } from './compose-state.js';

/** The announcement as recipients will see it (id 0 until it is created). */
export function contentOf(d: AnnData, id = 0): AnnouncementContent {
  const event = isEvent(d);
  return {
    id,
    kind: d.kind ?? 'other',
    title: d.title ?? '',
    body: d.body ?? '',
    startsAt: event && d.startsAt ? new Date(d.startsAt) : null,
    place: event ? (d.place ?? null) : null,
    registerBy: event && d.registerBy ? new Date(d.registerBy) : null,
  };
}

/**
 * The first step whose answer is missing or no longer holds (a time that has passed meanwhile),
 * with the reason; undefined when everything is ready to send.
 */
export function firstProblem(ctx: HandlerContext, d: AnnData): { step: Step; note?: string } | undefined {
  const { t, now } = ctx;
  const at = (iso: string | null | undefined) => (iso ? new Date(iso).getTime() : undefined);
  if (!d.kind) return { step: 'kind' };
  if (!d.title) return { step: 'title' };
  if (!d.body) return { step: 'body' };
  if (isEvent(d)) {
    const starts = at(d.startsAt);
    if (starts === undefined) return { step: 'time' };
    if (starts <= now.getTime()) return { step: 'time', note: t('announcements.time.passed', { time: timeText(new Date(starts)) }) };
    if (!d.place) return { step: 'place' };
    if (d.registerBy === undefined) return { step: 'deadline' };
    const register = at(d.registerBy);
    if (register !== undefined && register > starts) return { step: 'deadline', note: t('announcements.deadline.after_event') };
    if (register !== undefined && register <= now.getTime()) return { step: 'deadline', note: t('announcements.deadline.passed') };
  }
  if (!d.audience) return { step: 'audience' };
  if (picksCommunes(ctx.who)) {
    if (!d.area) return { step: 'area' };
    if (d.area === 'communes' && !d.communes?.length) return { step: 'communes' };
  }
  if (!d.filter) return { step: 'filter' };
  if (d.filter === 'sectors' && !d.sectors?.length) return { step: 'sectors' };
  if (d.filter === 'coops' && !d.cooperativeIds?.length) return { step: 'coops' };
  if (d.filter === 'eligible' && !d.eligibleFor) return { step: 'support' };
  if (!d.when) return { step: 'when' };
  if (d.when === 'later') {
    const send = at(d.sendAt);
    if (send === undefined) return { step: 'sendat' };
    if (send <= now.getTime()) return { step: 'sendat', note: t('announcements.sendat.passed', { time: timeText(new Date(send)) }) };
    const problem = sendAtProblem(t, d, new Date(send));
    if (problem) return { step: 'sendat', note: problem };
  }
  return undefined;
}

/** A sending time after the event starts or after registration closes makes no sense. */
export function sendAtProblem(t: T, d: AnnData, sendAt: Date): string | undefined {
  if (!isEvent(d)) return undefined;
  if (d.startsAt && sendAt.getTime() >= new Date(d.startsAt).getTime()) return t('announcements.sendat.after_event', { time: timeText(new Date(d.startsAt)) });
  if (d.registerBy && sendAt.getTime() >= new Date(d.registerBy).getTime())
    return t('announcements.sendat.after_deadline', { time: timeText(new Date(d.registerBy)) });
  return undefined;
}

const CHANNEL_ORDER: readonly ChannelName[] = CHANNELS;

/**
 * "Sẽ gửi đến 42 người: Telegram 30 · Zalo OA 10 · Zalo Bot 2 · Console 0 · ZNS 5 (tin trả phí,
 * ước tính 1.500 đ). Không gửi được: 3 đã tắt thông báo · …". ZNS appears only when a template is
 * configured for the kind; its cost is count × ZALO_ZNS_PRICE_VND, or "giá chưa cấu hình".
 */
export function reachText(t: T, reach: Reach, znsPriceVnd?: number, locale: 'vi' | 'en' = 'vi'): string {
  const list = CHANNEL_ORDER.map((c) => `${t(`announcements.reach.channel.${c}`)} ${reach.byChannel[c]}`);
  if (reach.zns !== undefined) {
    const cost =
      znsPriceVnd === undefined
        ? t('announcements.reach.zns_price_unknown')
        : t('announcements.reach.zns_cost', { cost: formatMoney(reach.zns * znsPriceVnd, locale), price: formatMoney(znsPriceVnd, locale) });
    list.push(t('announcements.reach.zns', { n: formatInteger(reach.zns, locale), cost }));
  }
  const channels = list.join(' · ');
  const parts = [t('announcements.reach.will_send', { count: reach.total, channels })];
  const skipped = [
    reach.optedOut ? t('announcements.reach.opted_out', { count: reach.optedOut }) : '',
    reach.outsideWindow ? t('announcements.reach.outside_window', { count: reach.outsideWindow }) : '',
    reach.noChannel ? t('announcements.reach.no_channel', { count: reach.noChannel }) : '',
  ].filter(Boolean);
  if (skipped.length) parts.push(t('announcements.reach.not_sent', { reasons: skipped.join(' · ') }));
  return parts.join(' ');
}

/** The support whose qualifying cooperatives it goes to (filter `eligible`), as found now. */
interface Qualifying {
  title: string;
  count: number;
}

/**
 * Who it goes to now: the spec, and for the cooperatives that qualify for a support, that support
 * and its cooperatives (found now, with the rules in force). `gone`: the support is no longer in
 * force (it is asked again).
 */
async function resolveSpec(ctx: HandlerContext, d: AnnData): Promise<{ spec: AudienceSpec; qualifying?: Qualifying } | { gone: true }> {
  const spec = audienceSpec(ctx.who, d);
  if (d.filter !== 'eligible') return { spec };
  // Never an empty list of cooperatives (that would mean every cooperative of the area).
  if (!d.eligibleFor) return { gone: true };
  const q = await ctx.services.listQualifyingCooperatives({ area: areaOf(ctx.who, d), ruleId: d.eligibleFor, now: ctx.now });
  if (!q.ok) return { gone: true };
  return { spec: { ...spec, cooperativeIds: q.cooperativeIds }, qualifying: { title: q.support.title[ctx.locale], count: q.cooperativeIds.length } };
}

/** Where and to whom, in words: "chủ nhiệm HTX · Xã An Bình (Thái Bình) · tất cả HTX". */
async function summaryLines(ctx: HandlerContext, d: AnnData, spec: AudienceSpec, qualifying?: Qualifying): Promise<string[]> {
  const { t } = ctx;
  const area = !spec.province
    ? t('announcements.preview.area_country')
    : spec.communes.length
      ? t('announcements.preview.area_communes', { communes: spec.communes.join(', '), province: spec.province })
      : wholeProvince(t, spec.province);
  let filter = t('announcements.preview.filter_all');
  if (spec.sectors.length) filter = t('announcements.preview.filter_sectors', { sectors: spec.sectors.map((s) => sectorLabel(t, s)).join(', ') });
  if (qualifying) filter = t('announcements.preview.filter_eligible', { support: qualifying.title, count: qualifying.count });
  else if (spec.cooperativeIds.length) {
    const coops = await chosenCooperatives(ctx, d);
    filter = t('announcements.preview.filter_coops', { count: coops.length, list: coops.map(coopLabel).join('; ') });
  }
  const when =
    d.when === 'later' && d.sendAt ? t('announcements.preview.send_at', { time: timeText(new Date(d.sendAt)) }) : t('announcements.preview.send_now');
  return [
    t('announcements.preview.audience', { audience: t(`announcements.audience_name.${spec.audience}`) }),
    t('announcements.preview.area', { area }),
    t('announcements.preview.filter', { filter }),
    when,
  ];
}

const act = (verb: string, arg?: string) => annFlow.action('preview', verb, arg);

/** Back to the step before the preview, and Cancel. */
const navRow = (ctx: HandlerContext) => annFlow.navRow(ctx, 'preview');

/**
 * The preview: the exact message recipients will see (the Vietnamese one; each recipient gets it in
 * their own language), to whom and when, and how many it reaches by channel; ✅ Gửi / ✏️ Sửa /
 * Hủy. Nobody reachable: refused, with ways to change the audience or the area.
 */
export async function showPreview(ctx: HandlerContext, d: AnnData, notes: string[] = []): Promise<OutboundMessage[]> {
  const problem = firstProblem(ctx, d);
  if (problem) return ask(ctx, problem.step, settled(d), [...notes, ...(problem.note ? [problem.note] : [])]);
  const { t } = ctx;
  const resolved = await resolveSpec(ctx, d);
  if ('gone' in resolved) return ask(ctx, 'support', settled({ ...d, eligibleFor: undefined }), [...notes, t('announcements.support.gone')]);
  ctx.goTo(annFlow.name, 'preview', settled(d));
  const { spec, qualifying } = resolved;
  // Nobody qualifies: no cooperatives at all (an empty list would mean "every cooperative").
  const { recipients, reach, znsPriceVnd } =
    qualifying && !qualifying.count
      ? { recipients: 0, reach: countReach([], ctx.now), znsPriceVnd: undefined }
      : await ctx.services.countAnnouncementReach({ spec, kind: d.kind ?? 'other', now: ctx.now });
  const head = annFlow.notesHead(notes);
  const summary = await summaryLines(ctx, d, spec, qualifying);

  if (reach.total === 0) {
    const why =
      qualifying && !qualifying.count
        ? [t('announcements.preview.empty_eligible', { support: qualifying.title })]
        : recipients
          ? [t('announcements.preview.empty_unreachable', { count: recipients }), reachText(t, reach, znsPriceVnd, ctx.locale)]
          : [t('announcements.preview.empty_none')];
    const change: Button[] = [{ label: t('announcements.preview.change_audience'), action: act('goto', 'audience') }];
    if (picksCommunes(ctx.who)) change.push({ label: t('announcements.preview.change_area'), action: act('goto', 'area') });
    change.push({ label: t('announcements.preview.change_filter'), action: act('goto', 'filter') });
    return [{ text: [...head, ...why, '', ...summary].join('\n'), input: 'choice', buttons: [...change.map((b) => [b]), navRow(ctx)] }];
  }

  const vi = ctx.translatorFor('vi');
  const content = contentOf(d);
  const rendered = announcementMessage(vi, content);
  const rsvp = announcementButtons(vi, content);
  const lines = [
    ...(rsvp.length ? [t('announcements.preview.buttons', { buttons: rsvp.map((b) => `«${b.label}»`).join(' · ') })] : []),
    '',
    ...summary,
    '',
    reachText(t, reach, znsPriceVnd, ctx.locale),
    '',
    t('announcements.preview.confirm'),
  ];
  return [
    { text: [...head, t('announcements.preview.intro')].join('\n') },
    { text: rendered.text },
    {
      text: lines.join('\n'),
      input: 'choice',
      buttons: [
        [{ label: t('announcements.preview.send'), action: act('send') }],
        [{ label: t('announcements.preview.edit'), action: act('edit') }],
        navRow(ctx),
      ],
    },
  ];
}

/** ✅ Gửi: creates the Announcement and, when sending now, queues its copies in the outbox. */
export async function confirm(ctx: HandlerContext, d: AnnData): Promise<OutboundMessage[]> {
  if (firstProblem(ctx, d)) return showPreview(ctx, d);
  const resolved = await resolveSpec(ctx, d);
  if ('gone' in resolved || (resolved.qualifying && !resolved.qualifying.count)) return showPreview(ctx, d);
  const { spec } = resolved;
  const { reach } = await ctx.services.countAnnouncementReach({ spec, kind: d.kind ?? 'other', now: ctx.now });
  if (reach.total === 0) return showPreview(ctx, d);
  const { t } = ctx;
  const content = contentOf(d);
  const sendAt = d.when === 'later' && d.sendAt ? new Date(d.sendAt) : null;
  const a = await ctx.services.storeAnnouncement({
    content,
    spec,
    sendAt,
    createdById: ctx.who.personId,
    progress: { channel: ctx.msg.channel, chatId: ctx.msg.chatId },
    ...(d.filter === 'eligible' && d.eligibleFor ? { eligibleFor: d.eligibleFor } : {}),
    via: 'chat',
    now: ctx.now,
  });
  ctx.endFlow();
  ctx.log.info({ announcementId: a.id, sendAt, reach }, 'announcement confirmed');
  if (sendAt) return [ctx.mainMenu(t('announcements.sent.later', { time: timeText(sendAt), count: reach.total }))];
  try {
    const queued = await ctx.services.queueAnnouncement({ announcementId: a.id, render: renderAnnouncement(ctx.translatorFor), now: ctx.now, logger: ctx.log });
    // Null reach: a periodic job queued it first (it picks up unqueued "send now" ones too).
    const count = queued.reach ? queued.queued : await ctx.services.countAnnouncementCopies({ announcementId: a.id });
    return [ctx.mainMenu(t('announcements.sent.now', { count }))];
  } catch (err) {
    // The announcement is stored as scheduled "now": the periodic job queues it shortly.
    ctx.log.error({ err, announcementId: a.id }, 'queueing an announcement failed');
    return [ctx.mainMenu(t('announcements.sent.soon', { count: reach.total }))];
  }
}

/** The steps a preview button may jump to. */
export function previewTarget(ctx: HandlerContext, d: AnnData, arg: string | undefined): Step | undefined {
  const seq = sequence(d, ctx.who);
  return seq.find((s) => s === arg && s !== 'preview');
}
