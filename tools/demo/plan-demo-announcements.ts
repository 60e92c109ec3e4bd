import type { AnnouncementAudience, OutboxStatus } from '../../src/generated/prisma/enums.js';
import { DEMO } from '../../src/services/cooperatives/bind-demo-role.js';
import type { AnnouncementContent } from '../../src/services/announcements/announcement-content.js';
import { CHANNELS, ZALO_OA_WINDOW_MS } from '../../src/services/announcements/find-audience.js';
import { vnDay, vnMidnight } from '../../src/lib/vn-time.js';
import { DEMO_COMMUNES } from './demo-names.js';
import type { DemoAccountPlan, DemoAreaPlan, DemoPersonPlan } from './plan-demo-area.js';
import { mixSeed, seededRandom, type Random } from './seeded-random.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface DemoOutboxPlan {
  /** Index in the area's people. */
  person: number;
  channel: string;
  externalId: string;
  status: OutboxStatus;
  lastError: string | null;
  sentAt: Date;
}

export interface DemoRsvpPlan {
  person: number;
  attending: boolean;
  answeredAt: Date;
}

export interface DemoAnnouncementPlan extends Omit<AnnouncementContent, 'id'> {
  audience: AnnouncementAudience;
  communes: string[];
  sectors: string[];
  /** Who wrote it: the province's or the commune's officer. */
  author: 'province' | 'commune';
  createdAt: Date;
  queuedAt: Date;
  finishedAt: Date;
  attendeeReminderAt: Date | null;
  outbox: DemoOutboxPlan[];
  rsvps: DemoRsvpPlan[];
}

/** 08:00 Vietnam time, `days` days before `now`. */
function morningBefore(now: Date, days: number): Date {
  const d = vnDay(new Date(now.getTime() - days * DAY));
  return new Date(vnMidnight(d.year, d.month, d.day).getTime() + 8 * HOUR);
}

type Spec = Omit<DemoAnnouncementPlan, 'queuedAt' | 'finishedAt' | 'attendeeReminderAt' | 'outbox' | 'rsvps'>;

/** The announcements an officer of the demo province sent lately, all finished and in the past. */
function announcementSpecs(now: Date, annualPeriod: string): Spec[] {
  const year = vnDay(now).year;
  const training = morningBefore(now, 45);
  const fair = morningBefore(now, 25);
  const local = morningBefore(now, 10);
  return [
    {
      kind: 'training',
      title: `Tập huấn chuyển đổi số cho HTX năm ${year}`,
      body: 'Liên minh HTX tỉnh mở lớp tập huấn miễn phí cho giám đốc HTX: phần mềm kế toán, bán hàng trên sàn thương mại điện tử, tem truy xuất nguồn gốc bằng mã QR.',
      startsAt: training,
      place: 'Hội trường Liên minh HTX tỉnh',
      registerBy: new Date(training.getTime() - 3 * DAY),
      audience: 'directors',
      communes: [],
      sectors: [],
      author: 'province',
      createdAt: new Date(training.getTime() - 17 * DAY),
    },
    {
      kind: 'trade_fair',
      title: `Hội chợ OCOP và nông sản an toàn năm ${year}`,
      body: 'Mời các HTX nông nghiệp, thủy sản đăng ký gian hàng tại hội chợ. Mỗi HTX được hỗ trợ một gian hàng tiêu chuẩn miễn phí.',
      startsAt: fair,
      place: 'Quảng trường trung tâm tỉnh',
      registerBy: new Date(fair.getTime() - 7 * DAY),
      audience: 'both',
      communes: [],
      sectors: ['agriculture', 'fishery'],
      author: 'province',
      createdAt: new Date(fair.getTime() - 15 * DAY),
    },
    {
      kind: 'training',
      title: 'Tập huấn sản xuất lúa hữu cơ',
      body: 'Cán bộ khuyến nông hướng dẫn quy trình canh tác lúa hữu cơ và liên kết tiêu thụ. Mời giám đốc và thành viên HTX tham dự.',
      startsAt: local,
      place: `Hội trường UBND ${DEMO.commune}`,
      registerBy: new Date(local.getTime() - 2 * DAY),
      audience: 'both',
      communes: [DEMO.commune],
      sectors: [],
      author: 'commune',
      createdAt: new Date(local.getTime() - 11 * DAY),
    },
    {
      kind: 'other',
      title: `Nhắc nộp báo cáo tình hình hoạt động năm ${annualPeriod}`,
      body: `Đề nghị các HTX hoàn thành báo cáo năm ${annualPeriod} trước ngày 15/12/${annualPeriod}. Gõ /baocao để điền báo cáo ngay trong ứng dụng.`,
      startsAt: null,
      place: null,
      registerBy: null,
      audience: 'directors',
      communes: DEMO_COMMUNES.slice(1, 3),
      sectors: [],
      author: 'province',
      createdAt: new Date(now.getTime() - 6 * DAY),
    },
  ];
}

/** Where a copy went at `at`: the most recently active account still open (as the outbox chose then). */
function targetAt(p: DemoPersonPlan, at: Date): DemoAccountPlan | null {
  const usable = p.accounts.filter(
    (a) => (CHANNELS as readonly string[]).includes(a.channel) && a.channel !== 'console' && !(a.blockedAt && a.blockedAt <= at),
  );
  usable.sort((x, y) => y.lastInboundAt.getTime() - x.lastInboundAt.getTime());
  return usable[0] ?? null;
}

/**
 * The announcement history: for each announcement its copies (one per recipient, like
 * queueAnnouncement), each sent or refused by the platform, and the RSVPs of those who got a
 * training or fair. Refusals update the accounts (blocked: opted out; Zalo OA: unreachable), so
 * the later announcements skip them as the real outbox would.
 */
export function planDemoAnnouncements(seed: number, area: DemoAreaPlan, now: Date, annualPeriod: string): DemoAnnouncementPlan[] {
  const r = seededRandom(mixSeed(seed, 6));
  return announcementSpecs(now, annualPeriod).map((spec) => {
    const queuedAt = new Date(spec.createdAt.getTime() + r.between(0.1, 2) * HOUR);
    const outbox: DemoOutboxPlan[] = [];
    const rsvps: DemoRsvpPlan[] = [];
    const roles = spec.audience === 'both' ? ['director', 'member'] : spec.audience === 'directors' ? ['director'] : ['member'];
    area.people.forEach((p, i) => {
      if (p.cooperative === null || !roles.includes(p.role)) return;
      const c = area.cooperatives[p.cooperative]!;
      if (c.status !== 'active' || (spec.communes.length && !spec.communes.includes(c.commune)) || (spec.sectors.length && !spec.sectors.includes(c.sector)))
        return;
      if (p.announcementsOffAt && p.announcementsOffAt <= queuedAt) return;
      const target = targetAt(p, queuedAt);
      if (!target) return;
      const sentAt = new Date(queuedAt.getTime() + r.int(1, 1800) * 1000);
      const copy = refusal(r, target, sentAt);
      outbox.push({ person: i, channel: target.channel, externalId: target.externalId, sentAt, ...copy });
      if (copy.status === 'sent' && spec.registerBy && r.chance(0.35)) {
        const answeredAt = new Date(sentAt.getTime() + r.next() * Math.max(HOUR, spec.registerBy.getTime() - sentAt.getTime() - HOUR));
        rsvps.push({ person: i, attending: r.chance(0.75), answeredAt });
      }
    });
    // A small demo still shows a copy that did not arrive (the officer's "not delivered" list).
    if (outbox.length >= 5 && outbox.every((c) => c.status === 'sent')) {
      const c = outbox[outbox.length - 1]!;
      const account = area.people[c.person]!.accounts.find((a) => a.externalId === c.externalId)!;
      Object.assign(c, refusal(r, account, c.sentAt, true));
      const answered = rsvps.findIndex((v) => v.person === c.person);
      if (answered >= 0) rsvps.splice(answered, 1);
    }
    const lastSent = outbox.reduce((m, o) => Math.max(m, o.sentAt.getTime()), queuedAt.getTime());
    return {
      ...spec,
      queuedAt,
      finishedAt: new Date(lastSent + 60_000),
      attendeeReminderAt: spec.startsAt && spec.registerBy ? new Date(spec.startsAt.getTime() - DAY) : null,
      outbox,
      rsvps,
    };
  });
}

/** What the platform said to one copy (`refuse`: certainly a refusal); a refusal is recorded on the account too. */
function refusal(r: Random, target: DemoAccountPlan, at: Date, refuse = false): { status: OutboxStatus; lastError: string | null } {
  if (r.chance(0.015) || (refuse && target.channel !== 'zalo_oa')) {
    target.blockedAt = at;
    target.optedOut = true;
    if (target.lastInboundAt > at) target.lastInboundAt = new Date(at.getTime() - r.int(1, 20) * DAY);
    return { status: 'undeliverable', lastError: 'blocked' };
  }
  const outsideWindow = target.channel === 'zalo_oa' && at.getTime() - target.lastInboundAt.getTime() > ZALO_OA_WINDOW_MS;
  if (target.channel === 'zalo_oa' && (refuse || (outsideWindow ? r.chance(0.5) : r.chance(0.05)))) {
    const reason = outsideWindow ? 'outside_window' : 'not_follower';
    if (!target.unreachableAt || target.unreachableAt < at) {
      target.unreachableAt = at;
      target.unreachableReason = reason;
    }
    return { status: 'undeliverable', lastError: `unreachable: ${reason}` };
  }
  return { status: 'sent', lastError: null };
}
