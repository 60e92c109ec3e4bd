import type { Notify } from '../delivery/notify.js';
import type { Locale, T } from '../i18n/i18n.js';
import type { Logger } from '../lib/logger.js';
import { inBackground } from '../lib/work-priority.js';
import type { ReportSchedule } from '../services/reports/report-schedule.js';
import type { Services } from '../services/services.js';
import { runAnnouncementJobs } from './announcement-jobs.js';
import type { ProgressChannels } from './announcement-progress.js';
import { runHousekeeping, type HousekeepingDeps } from './housekeeping.js';
import { queueReportReminders } from './queue-report-reminders.js';
import { refreshOaTokenIfAging, type OaTokenRefreshDeps } from './refresh-oa-token.js';

/** How often scheduled announcements, finished deliveries and attendee reminders are looked at. */
const ANNOUNCEMENT_JOBS_MS = 5_000;
/** How often due report reminders are looked for (each is queued once per person anyway)… */
const REMINDER_CHECK_MS = 10 * 60_000;
/** …and the first look, soon after the start. */
const FIRST_REMINDER_CHECK_MS = 5_000;
/** How often the housekeeping runs. */
const HOUSEKEEPING_MS = 3_600_000;
/** How often the Zalo OA's tokens are looked at (refreshed when aging)… */
const OA_TOKEN_CHECK_MS = 86_400_000;
/** …and the first look, a minute after the start (a process restarted daily would otherwise never look). */
const FIRST_OA_TOKEN_CHECK_MS = 60_000;

export interface ScheduleJobsOptions {
  services: Services;
  translator: (l: Locale) => T;
  logger: Logger;
  /** How announcement authors hear that delivery is done. */
  notify: Notify;
  /** The channels this process serves: where the authors' live progress messages are sent and edited. */
  progress: ProgressChannels;
  /** Look for due report reminders with this schedule (none: off, as in the console trial chat). */
  reportReminders?: ReportSchedule;
  /** Run the hourly housekeeping (none: off). */
  housekeeping?: Pick<HousekeepingDeps, 'databaseKind' | 'exportsDir'>;
  /** Refresh the Zalo OA's tokens before the refresh token ages out (none: no OA channel). */
  oaToken?: Pick<OaTokenRefreshDeps, 'tokenName' | 'refresh' | 'maxAgeDays'>;
}

/**
 * The one place the periodic work is scheduled: announcements (every 5 s), report reminders (every
 * 10 min), the housekeeping (hourly) and the Zalo OA token refresh (daily). Each job is a function run once at a given time (tests
 * call them directly: runAnnouncementJobs, queueReportReminders, runHousekeeping…); here each runs
 * on its timer, never overlapping itself. Every job is safe in several processes on one database.
 * stop() clears the timers and waits for the runs under way.
 */
export function scheduleJobs(o: ScheduleJobsOptions): { stop(): Promise<void> } {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  let stopped = false;

  const every = (ms: number, failure: string, run: (now: Date) => Promise<unknown>, firstAfterMs?: number) => {
    let busy = false;
    const tick = () => {
      if (busy || stopped) return;
      busy = true;
      // Background work: on PGlite its queries give way to replies and the health check.
      const p = inBackground(() => run(new Date()))
        .catch((err: unknown) => o.logger.warn({ err }, failure))
        .finally(() => {
          busy = false;
          running.delete(p);
        });
      running.add(p);
    };
    if (firstAfterMs !== undefined) timers.push(setTimeout(tick, firstAfterMs).unref());
    timers.push(setInterval(tick, ms).unref());
  };

  const shown = new Map<number, string>();
  every(ANNOUNCEMENT_JOBS_MS, 'announcement jobs failed', (now) =>
    runAnnouncementJobs({ services: o.services, translator: o.translator, notify: o.notify, logger: o.logger, progress: o.progress, shown }, now),
  );
  const schedule = o.reportReminders;
  if (schedule) {
    every(
      REMINDER_CHECK_MS,
      'queueing report reminders failed',
      (now) => queueReportReminders({ services: o.services, translator: o.translator, schedule, logger: o.logger }, now),
      FIRST_REMINDER_CHECK_MS,
    );
  }
  const housekeeping = o.housekeeping;
  if (housekeeping) {
    every(HOUSEKEEPING_MS, 'housekeeping failed', (now) => runHousekeeping({ services: o.services, ...housekeeping, logger: o.logger }, now));
  }

  const oaToken = o.oaToken;
  if (oaToken) {
    every(
      OA_TOKEN_CHECK_MS,
      'zalo oa token refresh failed; tried again tomorrow',
      (now) => refreshOaTokenIfAging({ services: o.services, ...oaToken, logger: o.logger }, now),
      FIRST_OA_TOKEN_CHECK_MS,
    );
  }

  return {
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      await Promise.allSettled([...running]);
    },
  };
}
