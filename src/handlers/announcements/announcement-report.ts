import type { Button, OutboundMessage } from '../../lib/messages.js';
import type { T } from '../../i18n/i18n.js';
import { formatInteger } from '../../lib/format-number.js';
import type { Feature, Handler, HandlerContext } from '../../router/context.js';
import type { AnnouncementStats } from '../../services/announcements/announcement-stats.js';
import { vnDayKey } from '../../lib/vn-time.js';
import { attendeesCsv } from '../../services/announcements/attendees-csv.js';
import { toCsv } from '../../services/exports/write-csv.js';
import { isStaff } from '../../services/access/jurisdiction.js';
import type { Services } from '../../services/services.js';
import type { Locale } from '../../i18n/i18n.js';

/** The officers' view of announcements sent: `annrep`, `annrep:v:<id>`, `annrep:att:<id>`, `annrep:err:<id>`. */
export const ANNREP = 'annrep';
const LIST_MAX = 8;
const idOf = (arg: string | undefined) => (arg && /^\d{1,9}$/.test(arg) ? Number(arg) : undefined);

/** "Đã gửi 1.234/5.000 · chờ 300 · chặn 3 · ngoài thời hạn 2 · lỗi 12", then copies by channel. */
export function progressLine(t: T, locale: Locale, s: AnnouncementStats): string {
  const n = (v: number) => formatInteger(v, locale);
  const parts = [t('annrep.sent_of', { sent: n(s.sent), total: n(s.total) })];
  if (s.waiting) parts.push(t('annrep.waiting', { n: n(s.waiting) }));
  if (s.blocked) parts.push(t('annrep.blocked', { n: n(s.blocked) }));
  if (s.unreachable) parts.push(t('annrep.unreachable', { n: n(s.unreachable) }));
  if (s.failed) parts.push(t('annrep.failed', { n: n(s.failed) }));
  return parts.join(' · ');
}

/** "Zalo OA: hết hạn mức gửi tin (12)": copies waiting for the sending account's quota or package, one line each. */
export function heldLines(t: T, locale: Locale, s: AnnouncementStats): string[] {
  return s.held.map((h) =>
    t(`annrep.held_${h.reason}`, { channel: t(`annrep.channels.${h.channel}`, { defaultValue: h.channel }), n: formatInteger(h.n, locale) }),
  );
}

function channelLine(t: T, locale: Locale, s: AnnouncementStats): string | undefined {
  const parts = Object.entries(s.sentByChannel).map(([c, v]) => `${t(`annrep.channels.${c}`, { defaultValue: c })} ${formatInteger(v, locale)}`);
  return parts.length ? t('annrep.by_channel', { list: parts.join(' · ') }) : undefined;
}

/** "ZNS (tin trả phí): đã gửi 5 · không gửi được 1": ZNS copies are paid, so they are counted apart. */
export function znsLine(t: T, locale: Locale, zns: { sent: number; failed: number }): string {
  return t('annrep.zns', { sent: formatInteger(zns.sent, locale), failed: formatInteger(zns.failed, locale) });
}

/** The full report of one announcement (also sent to its author when delivery is done). */
export async function reportMessage(
  ctx: { services: Pick<Services, 'announcementStats' | 'countRsvps'> },
  t: T,
  locale: Locale,
  a: { id: number; title: string; kind: string },
  done: boolean,
): Promise<OutboundMessage> {
  const [stats, rsvps] = await Promise.all([ctx.services.announcementStats(a.id), ctx.services.countRsvps(a.id)]);
  const lines = [t(done ? 'annrep.done_title' : 'annrep.title', { id: a.id, title: a.title }), progressLine(t, locale, stats), ...heldLines(t, locale, stats)];
  const byChannel = channelLine(t, locale, stats);
  if (byChannel) lines.push(byChannel);
  if (stats.zns) lines.push(znsLine(t, locale, stats.zns));
  if (a.kind !== 'other') lines.push(t('annrep.rsvps', { yes: rsvps.attending, no: rsvps.declined }));
  const buttons: Button[][] = [];
  if (!done) buttons.push([{ label: t('annrep.refresh'), action: `${ANNREP}:v:${a.id}` }]);
  if (a.kind !== 'other' && rsvps.attending) buttons.push([{ label: t('annrep.download_attendees'), action: `${ANNREP}:att:${a.id}` }]);
  if (stats.blocked + stats.unreachable + stats.failed) buttons.push([{ label: t('annrep.download_failures'), action: `${ANNREP}:err:${a.id}` }]);
  buttons.push([{ label: t('annrep.list'), action: ANNREP }]);
  return { text: lines.join('\n'), buttons };
}

async function list(ctx: HandlerContext): Promise<OutboundMessage[]> {
  const mine = await ctx.services.listVisibleAnnouncements({ officer: ctx.who, limit: LIST_MAX });
  if (!mine.length) return [{ text: ctx.t('annrep.none'), buttons: [[{ label: ctx.t('menu.back'), action: 'menu:main' }]] }];
  const lines = mine.map((a) => ctx.t('annrep.line', { id: a.id, title: a.title, status: ctx.t(`annrep.status.${a.status}`) }));
  const buttons = mine.map((a) => [{ label: `#${a.id} ${a.title.slice(0, 40)}`, action: `${ANNREP}:v:${a.id}` }]);
  return [{ text: [ctx.t('annrep.list_title'), ...lines].join('\n'), buttons: [...buttons, [{ label: ctx.t('menu.back'), action: 'menu:main' }]] }];
}

const handler: Handler = async (ctx) => {
  if (!isStaff(ctx.who.role)) return [ctx.mainMenu(ctx.t('annrep.only_officers'))];
  const [verb, arg] = ctx.args;
  const id = idOf(arg);
  if (!ctx.action || !verb || id === undefined) return list(ctx);
  const a = await ctx.services.findVisibleAnnouncement({ officer: ctx.who, announcementId: id });
  if (!a) return [{ text: ctx.t('annrep.not_found', { id }), buttons: [[{ label: ctx.t('annrep.list'), action: ANNREP }]] }];
  if (verb === 'att' || verb === 'err') {
    const csv =
      verb === 'att'
        ? attendeesCsv(ctx.t, await ctx.services.listAttendees(id))
        : toCsv(
            ['name', 'cooperative', 'commune', 'channel', 'status', 'reason'].map((c) => ctx.t(`annrep.columns.${c}`)),
            (await ctx.services.listUndelivered(id)).map((r) => [r.name, r.cooperative, r.commune, r.channel, ctx.t(`annrep.outcome.${r.status}`), r.reason]),
          );
    const rows = csv.split('\r\n').length - 2;
    await ctx.services.writeAudit({
      actorId: ctx.who.personId,
      action: verb === 'att' ? 'announcement.attendees_exported' : 'announcement.failures_exported',
      subject: `announcement:${id}`,
      details: { rows },
    });
    const filename = `${verb === 'att' ? 'tham-du' : 'khong-gui-duoc'}-${id}-${vnDayKey(ctx.now)}.csv`;
    return [
      {
        text: ctx.t(verb === 'att' ? 'annrep.attendees_file' : 'annrep.failures_file', { count: rows, title: a.title }),
        document: { filename, content: new TextEncoder().encode(csv), mimeType: 'text/csv' },
      },
    ];
  }
  return [await reportMessage(ctx, ctx.t, ctx.locale, a, a.status === 'done')];
};

/** Announcements sent: delivery by outcome and channel, RSVPs, attendee and failure lists (CSV). */
export const announcementReportsFeature: Feature = {
  name: 'announcement-reports',
  commands: { ketquathongbao: handler },
  actions: { [ANNREP]: handler },
  menu: (ctx) => (isStaff(ctx.who.role) ? [{ label: ctx.t('annrep.menu'), action: ANNREP }] : []),
};
