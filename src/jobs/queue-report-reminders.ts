import type { OutboundMessage } from '../lib/messages.js';
import { REP } from '../handlers/reports/report-state.js';
import { dayText, daysUntil, reportName } from '../handlers/reports/report-text.js';
import type { Locale, T } from '../i18n/i18n.js';
import type { Logger } from '../lib/logger.js';
import type { ReminderTarget } from '../services/reports/find-reminder-targets.js';
import { periodWindow, type ReportSchedule } from '../services/reports/report-schedule.js';
import type { Services } from '../services/services.js';

/** The outbox topic of one reminder: one per person and point, even across restarts and processes. */
export const reminderTopic = (r: Pick<ReminderTarget, 'form' | 'period' | 'point'>) => `reminder:${r.form.id}:${r.period}:${r.point.id}`;

/** A reminder in the person's language, with a button that opens the report. */
export function reminderMessage(t: T, r: ReminderTarget, s: ReportSchedule, now: Date): OutboundMessage {
  const { deadlineDay } = periodWindow(r.form, r.period, s);
  const days = daysUntil(deadlineDay, now);
  const values = { report: reportName(t, r.form, r.period), coop: r.cooperativeName, date: dayText(deadlineDay) };
  const head =
    days > 0
      ? t('reminders.before', { ...values, count: days })
      : days === 0
        ? t('reminders.due_today', values)
        : t('reminders.overdue', { ...values, count: -days });
  const note = r.state === 'draft' ? t('reminders.draft_note') : r.state === 'returned' ? t('reminders.returned_note') : undefined;
  return {
    text: note ? `${head}\n${note}` : head,
    buttons: [[{ label: t('reminders.button'), action: `${REP}:f:${r.form.id}:${r.period}` }]],
  };
}

export interface ReportReminderDeps {
  services: Pick<Services, 'findReminderTargets' | 'enqueueOutbox'>;
  translator: (l: Locale) => T;
  schedule: ReportSchedule;
  logger?: Logger;
}

/** Queues the report reminders due at `now` in the outbox (the outbox worker sends them). Returns how many were new. */
export async function queueReportReminders(deps: ReportReminderDeps, now: Date): Promise<number> {
  const targets = await deps.services.findReminderTargets(now, deps.schedule);
  if (!targets.length) return 0;
  const queued = await deps.services.enqueueOutbox(
    targets.map((r) => ({
      topic: reminderTopic(r),
      personId: r.personId,
      message: { ...reminderMessage(deps.translator(r.locale), r, deps.schedule, now), locale: r.locale },
    })),
  );
  if (queued) deps.logger?.info({ queued, targets: targets.length }, 'report reminders queued');
  return queued;
}
