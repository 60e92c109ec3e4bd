import type { App } from './app.js';
import type { Config } from './config/env.js';
import { createChannelLane } from './delivery/channel-lane.js';
import type { Notify } from './delivery/notify.js';
import { takeOrphanJournals, openSentJournal, type SentJournal } from './delivery/sent-journal.js';
import { createOutboxWorker } from './delivery/outbox-worker.js';
import type { ChannelEditor, ChannelSender } from './delivery/send-to-person.js';
import { runAnnouncementJobs } from './handlers/announcements/announcement-jobs.js';
import { queueReportReminders } from './handlers/reports/queue-reminders.js';
import type { Logger } from './lib/logger.js';

/** How often due report reminders are looked for (each is queued once per person anyway). */
const REMINDER_CHECK_MS = 10 * 60_000;
/** How often scheduled announcements, finished deliveries and attendee reminders are looked at. */
const ANNOUNCEMENT_JOBS_MS = 5_000;

export interface DeliveryOptions {
  app: App;
  config: Pick<Config, 'outbox' | 'reports'>;
  logger: Logger;
  /** Reaches a person on any of their accounts (reminders, answers). */
  notify: Notify;
  /** The channels this process serves (the console's too, when the console chat runs). */
  senders: Record<string, ChannelSender>;
  editors: Record<string, ChannelEditor>;
  /** Look for due report reminders (off in the console trial chat). */
  reportReminders: boolean;
  /** Where each lane keeps its sent journal (see sent-journal.ts); none: no journal. */
  journalDir?: string;
}

/**
 * Everything that sends without being asked: the outbox worker (reminders, to any reachable
 * account), one lane per channel (announcements, at the channel's shared rate), the reminder and
 * announcement jobs. Every part is safe in several processes on one database.
 */
export function startDelivery(o: DeliveryOptions): { stop(): Promise<void> } {
  const db = o.app.db.prisma;
  const outbox = createOutboxWorker({ db, notify: o.notify, logger: o.logger.child({ worker: 'outbox' }), leaseMs: o.config.outbox.leaseMs });
  outbox.start();
  const journals: SentJournal[] = [];
  const lanes = Object.entries(o.senders).map(([channel, send]) => {
    // Orphans first: this process's own new file must not be taken for one.
    const journal = o.journalDir ? { orphans: takeOrphanJournals(o.journalDir, channel), own: openSentJournal(o.journalDir, channel) } : undefined;
    if (journal) journals.push(journal.own);
    return createChannelLane({
      db,
      channel,
      send,
      perSecond: o.config.outbox.perSecond[channel as keyof Config['outbox']['perSecond']] ?? 10,
      leaseMs: o.config.outbox.leaseMs,
      logger: o.logger,
      onAccountChanged: (c, id) => o.app.router.invalidate(c, id),
      journal,
    });
  });
  for (const lane of lanes) lane.start();

  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, job: () => void) => {
    const timer = setInterval(job, ms);
    timer.unref();
    timers.push(timer);
  };
  if (o.reportReminders) {
    const remind = () =>
      queueReportReminders({ db, translator: o.app.translator, schedule: o.config.reports.schedule, now: new Date(), logger: o.logger }).catch((err: unknown) =>
        o.logger.warn({ err }, 'queueing report reminders failed'),
      );
    setTimeout(remind, 5_000).unref();
    every(REMINDER_CHECK_MS, remind);
  }
  let running = false;
  const shown = new Map<number, string>();
  every(ANNOUNCEMENT_JOBS_MS, () => {
    if (running) return;
    running = true;
    runAnnouncementJobs({ db, translator: o.app.translator, notify: o.notify, now: new Date(), logger: o.logger, progress: { senders: o.senders, editors: o.editors }, shown })
      .catch((err: unknown) => o.logger.warn({ err }, 'announcement jobs failed'))
      .finally(() => (running = false));
  });

  return {
    async stop() {
      for (const t of timers) clearInterval(t);
      await Promise.all([outbox.stop(), ...lanes.map((l) => l.stop())]);
      // A clean stop marked everything it sent (the lanes emptied their journals).
      for (const j of journals) j.close(j.size === 0);
    },
  };
}
