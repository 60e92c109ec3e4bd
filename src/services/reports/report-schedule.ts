import { vnDay, vnMidnight } from '../../lib/vn-time.js';
import type { FormDef, FormId } from './form-definition.js';

/** Deadlines and reminders of report periods; configured per deployment (README, "Reports"). */
export interface ReportSchedule {
  /** The annual report's deadline in the period's own year (default 15 December). */
  annualDeadline: { month: number; day: number };
  /** Days after a quarter ends that its quick report is due. */
  quarterDeadlineDays: number;
  /** Reminders this many days before a deadline (default 14, 7 and 1). */
  reminderDaysBefore: number[];
  /** Then one reminder every this many days while overdue… */
  overdueEveryDays: number;
  /** …at most this many times. */
  overdueMaxReminders: number;
  /** Hour of the day (Vietnam time) reminders go out. */
  reminderHour: number;
}

export const DEFAULT_SCHEDULE: ReportSchedule = {
  annualDeadline: { month: 12, day: 15 },
  quarterDeadlineDays: 15,
  reminderDaysBefore: [14, 7, 1],
  overdueEveryDays: 7,
  overdueMaxReminders: 8,
  reminderHour: 8,
};

const DAY_MS = 86_400_000;
/** An annual period opens this many days before its deadline. */
const ANNUAL_OPEN_DAYS = 75;

/** A period: `2026` (a year) or `2026-Q3` (a quarter). */
export type PeriodId = string;

export interface PeriodWindow {
  period: PeriodId;
  opensAt: Date;
  /** The last moment of the deadline day, Vietnam time. */
  deadline: Date;
  /** The deadline day as YYYY-MM-DD (Vietnam). */
  deadlineDay: string;
}

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

export function parsePeriodId(period: string): { year: number; quarter?: number } | null {
  const m = /^(\d{4})(?:-Q([1-4]))?$/.exec(period);
  if (!m) return null;
  return { year: Number(m[1]), ...(m[2] ? { quarter: Number(m[2]) } : {}) };
}

export function quarterPeriod(year: number, quarter: number): PeriodId {
  return `${year}-Q${quarter}`;
}

/** When a period opens and when it is due. */
export function periodWindow(form: Pick<FormDef, 'periodKind'>, period: PeriodId, s: ReportSchedule): PeriodWindow {
  const p = parsePeriodId(period);
  if (!p || (form.periodKind === 'quarter') !== (p.quarter !== undefined)) throw new Error(`"${period}" is not a ${form.periodKind} period`);
  if (p.quarter === undefined) {
    const dueMidnight = vnMidnight(p.year, s.annualDeadline.month, s.annualDeadline.day);
    return {
      period,
      opensAt: new Date(dueMidnight.getTime() - ANNUAL_OPEN_DAYS * DAY_MS),
      deadline: new Date(dueMidnight.getTime() + DAY_MS - 1),
      deadlineDay: iso(p.year, s.annualDeadline.month, s.annualDeadline.day),
    };
  }
  const lastMonth = p.quarter * 3;
  const nextQuarterStart = vnMidnight(lastMonth === 12 ? p.year + 1 : p.year, lastMonth === 12 ? 1 : lastMonth + 1, 1);
  const dueMidnight = new Date(nextQuarterStart.getTime() + (s.quarterDeadlineDays - 1) * DAY_MS);
  const due = vnDay(dueMidnight);
  return {
    period,
    opensAt: vnMidnight(p.year, lastMonth, 1),
    deadline: new Date(dueMidnight.getTime() + DAY_MS - 1),
    deadlineDay: iso(due.year, due.month, due.day),
  };
}

/** The period before this one (the year or quarter before). */
export function previousPeriod(period: PeriodId): PeriodId {
  const p = parsePeriodId(period);
  if (!p) throw new Error(`Bad period "${period}"`);
  if (p.quarter === undefined) return String(p.year - 1);
  return p.quarter === 1 ? quarterPeriod(p.year - 1, 4) : quarterPeriod(p.year, p.quarter - 1);
}

/** The latest period of a form that has opened by `now` (its deadline may have passed). */
export function currentPeriod(form: Pick<FormDef, 'periodKind'>, now: Date, s: ReportSchedule): PeriodId {
  const { year, month } = vnDay(now);
  let period = form.periodKind === 'year' ? String(year + 1) : quarterPeriod(year, Math.ceil(month / 3));
  // Step back from a period that may not have opened yet (next year's, this quarter's).
  while (periodWindow(form, period, s).opensAt > now) period = previousPeriod(period);
  return period;
}

/** The periods a director may file now: the current one and the one before (late filers). */
export function selectablePeriods(form: Pick<FormDef, 'periodKind'>, now: Date, s: ReportSchedule): PeriodId[] {
  const current = currentPeriod(form, now, s);
  return [current, previousPeriod(current)];
}

export interface ReminderPoint {
  /** Stable id of the point within the period: `d14` (14 days before), `late1` (first overdue). */
  id: string;
  at: Date;
  /** Days left until the deadline (negative: days overdue). */
  daysLeft: number;
}

/** When reminders for a period go out: before the deadline, then every few days while overdue. */
export function reminderPoints(form: Pick<FormDef, 'periodKind'>, period: PeriodId, s: ReportSchedule): ReminderPoint[] {
  const w = periodWindow(form, period, s);
  const dueMidnight = w.deadline.getTime() + 1 - DAY_MS;
  const at = (daysLeft: number) => new Date(dueMidnight - daysLeft * DAY_MS + s.reminderHour * 3600_000);
  const points: ReminderPoint[] = [...new Set(s.reminderDaysBefore)]
    .filter((d) => d >= 0)
    .sort((a, b) => b - a)
    .map((d) => ({ id: `d${d}`, at: at(d), daysLeft: d }));
  if (s.overdueEveryDays > 0) {
    for (let k = 1; k <= s.overdueMaxReminders; k++) points.push({ id: `late${k}`, at: at(-k * s.overdueEveryDays), daysLeft: -k * s.overdueEveryDays });
  }
  return points.filter((p) => p.at >= w.opensAt);
}

/**
 * The reminder point due at `now`: the latest one that has come. Older points are not sent late
 * (after a long outage the director gets today's reminder, not a backlog).
 */
export function duePoint(points: ReminderPoint[], now: Date): ReminderPoint | undefined {
  return points.findLast((p) => p.at <= now);
}

export type { FormId };
