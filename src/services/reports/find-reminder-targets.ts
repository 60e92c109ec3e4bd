import type { Db } from '../../db/database.js';
import type { Locale } from '../../i18n/i18n.js';
import { localeFields, preferredLocale } from '../people/preferred-locale.js';
import { FORMS } from './forms/forms.js';
import type { FormDef } from './form-definition.js';
import { reminderPoints, selectablePeriods, type ReminderPoint, type ReportSchedule } from './report-schedule.js';

export interface ReminderTarget {
  personId: number;
  locale: Locale;
  cooperativeName: string;
  form: FormDef;
  period: string;
  point: ReminderPoint;
  /** The cooperative has started the report (a draft), or an officer returned it. */
  state: 'none' | 'draft' | 'returned';
}

/**
 * The reminder point in effect at `now`: each point lasts until the next one (the last one for
 * one overdue interval), so a bot that was down sends today's reminder, never a stale backlog.
 */
export function pointInEffect(points: ReminderPoint[], now: Date, s: ReportSchedule): ReminderPoint | undefined {
  const i = points.findLastIndex((p) => p.at <= now);
  if (i < 0) return undefined;
  const until = points[i + 1]?.at.getTime() ?? points[i]!.at.getTime() + Math.max(1, s.overdueEveryDays) * 86_400_000;
  return now.getTime() < until ? points[i] : undefined;
}

/**
 * Who should be reminded now: the directors and delegated reporters of active cooperatives that
 * have not submitted a report whose reminder point is in effect (current and previous period).
 */
export async function findReminderTargets(db: Db, now: Date, s: ReportSchedule): Promise<ReminderTarget[]> {
  const out: ReminderTarget[] = [];
  for (const form of FORMS) {
    for (const period of selectablePeriods(form, now, s)) {
      const point = pointInEffect(reminderPoints(form, period, s), now, s);
      if (!point) continue;
      const people = await db.person.findMany({
        where: {
          OR: [{ role: 'director' }, { role: 'member', canReport: true }],
          cooperative: { status: 'active', reports: { none: { form: form.id, period, status: { in: ['submitted', 'accepted'] } } } },
        },
        select: {
          id: true,
          ...localeFields,
          cooperative: { select: { name: true, reports: { where: { form: form.id, period }, select: { status: true, draft: true } } } },
        },
        orderBy: { id: 'asc' },
      });
      for (const p of people) {
        const report = p.cooperative?.reports[0];
        out.push({
          personId: p.id,
          locale: preferredLocale(p),
          cooperativeName: p.cooperative?.name ?? '',
          form,
          period,
          point,
          state: report?.status === 'returned' ? 'returned' : report?.draft ? 'draft' : 'none',
        });
      }
    }
  }
  return out;
}
