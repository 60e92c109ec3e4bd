import { vnDateTimeText } from '../../lib/vn-time.js';
import type { HttpResponse } from '../http/http-server.js';
import { html } from './html.js';
import { formatCount, headerRow, scrollTable } from './page-parts.js';
import type { WebContext } from './web-context.js';

/** Announcements shown (the most recent the officer may see). */
const SHOWN = 30;

/**
 * GET /dashboard/announcements: the announcements the officer may see (their own, and those sent
 * within their area: see announcementsVisibleTo), with delivery by outcome and channel, and RSVPs.
 */
export async function announcementsPage(ctx: WebContext): Promise<HttpResponse> {
  const { t, locale, officer, deps } = ctx;
  const visible = await deps.services.listVisibleAnnouncements({ officer, limit: SHOWN });
  const rows = await Promise.all(
    visible.map(async (a) => ({ a, stats: await deps.services.announcementStats(a.id), rsvps: await deps.services.countRsvps(a.id) })),
  );
  const n = (v: number) => formatCount(v, locale);
  const channels = (byChannel: Record<string, number>) =>
    Object.entries(byChannel)
      .map(([c, v]) => `${t(`annrep.channels.${c}`, { defaultValue: c })} ${n(v)}`)
      .join(' · ') || '—';
  const body = html`
  <p class="muted">${t('dashboard.web.announcements.intro')}</p>
  ${scrollTable(
    t('dashboard.web.announcements.table'),
    headerRow([
      '#',
      t('dashboard.web.announcements.title_col'),
      t('dashboard.web.columns.status'),
      t('dashboard.web.announcements.sent_at'),
      { label: t('dashboard.web.announcements.sent'), num: true },
      { label: t('dashboard.web.announcements.waiting'), num: true },
      { label: t('dashboard.web.announcements.not_delivered'), num: true },
      t('dashboard.web.announcements.by_channel'),
      { label: t('dashboard.web.announcements.attending'), num: true },
      { label: t('dashboard.web.announcements.declined'), num: true },
    ]),
    rows.length
      ? rows.map(
          ({ a, stats, rsvps }) =>
            html`<tr data-announcement="${a.id}">${[
              html`<td class="num">${a.id}</td>`,
              html`<th scope="row">${t(`announcements.kind_tag.${a.kind}`)}: ${a.title}</th>`,
              html`<td>${t(`dashboard.web.announcements.status.${a.status}`)}</td>`,
              html`<td>${vnDateTimeText(a.sendAt ?? a.createdAt)}</td>`,
              html`<td class="num">${n(stats.sent)} / ${n(stats.total)}</td>`,
              html`<td class="num">${n(stats.waiting)}</td>`,
              html`<td class="num">${n(stats.blocked + stats.unreachable + stats.failed)}</td>`,
              html`<td>${channels(stats.sentByChannel)}${stats.held.map(
                (h) =>
                  html`<br><span class="muted" data-held="${h.reason}">${t(`annrep.held_${h.reason}`, { channel: t(`annrep.channels.${h.channel}`, { defaultValue: h.channel }), n: n(h.n) })}</span>`,
              )}${stats.zns ? html`<br><span data-zns>${t('annrep.zns', { sent: n(stats.zns.sent), failed: n(stats.zns.failed) })}</span>` : ''}</td>`,
              html`<td class="num">${a.kind === 'other' ? '—' : n(rsvps.attending)}</td>`,
              html`<td class="num">${a.kind === 'other' ? '—' : n(rsvps.declined)}</td>`,
            ]}</tr>`,
        )
      : [html`<tr><td colspan="10">${t('dashboard.web.announcements.none')}</td></tr>`],
    'table-announcements',
  )}
  <p class="muted">${t('dashboard.web.announcements.more_in_bot', { command: '/ketquathongbao' })}</p>`;
  return ctx.page('announcements', { title: t('dashboard.web.announcements.title'), body });
}
