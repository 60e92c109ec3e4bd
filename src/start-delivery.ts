import type { App } from './app.js';
import type { Config } from './config/env.js';
import { createChannelLane } from './delivery/channel-lane.js';
import type { Notify } from './delivery/notify.js';
import { takeOrphanJournals, openSentJournal, type SentJournal } from './delivery/sent-journal.js';
import { createOutboxWorker } from './delivery/outbox-worker.js';
import type { ChannelSender } from './delivery/send-to-person.js';
import type { Logger } from './lib/logger.js';
import { inBackground } from './lib/work-priority.js';

export interface DeliveryOptions {
  app: App;
  config: Pick<Config, 'outbox'>;
  logger: Logger;
  /** Reaches a person on any of their accounts (reminders, answers). */
  notify: Notify;
  /** The channels this process serves (the console's too, when the console chat runs). */
  senders: Record<string, ChannelSender>;
  /** Where each lane keeps its sent journal (see sent-journal.ts); none: no journal. */
  journalDir?: string;
}

/**
 * Everything that sends without being asked: the outbox worker (reminders, to any reachable
 * account) and one lane per channel (announcements, at the channel's shared rate). What fills the
 * outbox on a schedule (reminders, scheduled announcements) is in src/jobs/schedule-jobs.ts. Every
 * part is safe in several processes on one database.
 */
export function startDelivery(o: DeliveryOptions): { stop(): Promise<void> } {
  const outbox = createOutboxWorker({
    services: o.app.services,
    notify: o.notify,
    logger: o.logger.child({ worker: 'outbox' }),
    leaseMs: o.config.outbox.leaseMs,
  });
  // Nobody waits on this work: on PGlite its queries give way to replies and the health check.
  inBackground(() => outbox.start());
  const journals: SentJournal[] = [];
  const lanes = Object.entries(o.senders).map(([channel, send]) => {
    // Orphans first: this process's own new file must not be taken for one.
    const journal = o.journalDir ? { orphans: takeOrphanJournals(o.journalDir, channel), own: openSentJournal(o.journalDir, channel) } : undefined;
    if (journal) journals.push(journal.own);
    return createChannelLane({
      services: o.app.services,
      channel,
      send,
      perSecond: o.config.outbox.perSecond[channel as keyof Config['outbox']['perSecond']] ?? 10,
      leaseMs: o.config.outbox.leaseMs,
      logger: o.logger,
      onAccountChanged: (c, id) => o.app.router.invalidate(c, id),
      journal,
    });
  });
  for (const lane of lanes) inBackground(() => lane.start());

  return {
    async stop() {
      await Promise.all([outbox.stop(), ...lanes.map((l) => l.stop())]);
      // A clean stop marked everything it sent (the lanes emptied their journals).
      for (const j of journals) j.close(j.size === 0);
    },
  };
}
