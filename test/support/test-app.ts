import { Writable } from 'node:stream';
import { createApp, type App } from '../../src/app.js';
import type { Config } from '../../src/config/env.js';
import type { InboundMessage, OutboundMessage } from '../../src/lib/messages.js';
import { createLogger } from '../../src/lib/logger.js';
import type { PlanTargets } from '../../src/services/targets/plan-targets.js';
import { createTestDatabase } from './test-db.js';

export interface TestApp extends App {
  /** Every log line, parsed (errors and warnings are asserted on in tests). */
  logs: Record<string, unknown>[];
}

/** The real app (router, every feature, i18n) on a private test database. */
export async function createTestApp(
  overrides: {
    rateLimit?: { messages: number; windowMs: number };
    secrets?: string[];
    planTargets?: PlanTargets;
    exportsDir?: string;
    logLevel?: string;
    /** ZNS settings (ZALO_ZNS_*): announcements of the kinds with a template reach people by phone. */
    zaloZns?: Config['zaloZns'];
  } = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger({ level: overrides.logLevel ?? 'info', secrets: overrides.secrets, destination: sink });
  const app = await createApp(
    {
      database: { kind: 'pglite', dataDir: 'unused' },
      migrateOnStart: false,
      defaultLocale: 'vi',
      rateLimit: overrides.rateLimit ?? { messages: 1000, windowMs: 1000 },
      conversationTtlMs: 72 * 3600_000,
      planTargets: overrides.planTargets,
      exportsDir: overrides.exportsDir,
      zaloZns: overrides.zaloZns,
    },
    logger,
    db,
  );
  return Object.assign(app, { logs });
}

/**
 * A second app on the same database, as another process of a cluster would be: its own router and
 * services, the first app's logs. Closing it leaves the database to the first app.
 */
export async function createPeerApp(app: TestApp): Promise<TestApp> {
  const peer = await createApp(
    {
      database: { kind: 'pglite', dataDir: 'unused' },
      migrateOnStart: false,
      defaultLocale: 'vi',
      rateLimit: { messages: 1000, windowMs: 1000 },
      conversationTtlMs: 72 * 3600_000,
    },
    app.logger,
    app.db,
  );
  return Object.assign(peer, { logs: app.logs, close: async () => {} });
}

/** Sends one message as a console user through the router and returns the replies. */
export function say(app: App, user: string, input: string | Partial<InboundMessage>): Promise<OutboundMessage[]> {
  const fields = typeof input === 'string' ? { text: input } : input;
  return app.router.handle({ channel: 'console', chatId: user, userId: user, receivedAt: new Date(), ...fields });
}

/** One message from a user on any channel (a private chat: chatId = userId). */
export function sayOn(app: App, channel: InboundMessage['channel'], id: string, input: string | Partial<InboundMessage>): Promise<OutboundMessage[]> {
  const fields = typeof input === 'string' ? { text: input } : input;
  return say(app, id, { channel, chatId: id, userId: id, ...fields });
}

/** All reply texts joined, for `toContain` assertions. */
export function texts(replies: OutboundMessage[]): string {
  return replies.map((r) => r.text).join('\n---\n');
}

/** The labels of every button in the replies. */
export function labels(replies: OutboundMessage[]): string[] {
  return replies.flatMap((r) => r.buttons?.flat().map((b) => b.label) ?? []);
}

/** The action ids of every button in the replies, in order. */
export function actions(replies: OutboundMessage[]): string[] {
  return replies.flatMap((r) => r.buttons?.flat().map((b) => b.action) ?? []);
}
