import { createServer } from 'node:net';
import { vi } from 'vitest';
import type { Channels } from '../../src/start-channels.js';
import type { FakeTelegramServer } from '../fakes/telegram-server.js';
import type { FakeZaloBotServer } from '../fakes/zalo-bot-server.js';
import type { FakeZaloOaServer } from '../fakes/zalo-oa-server.js';
import type { TestApp } from './test-app.js';
import { consoleSession } from './console-driver.js';

/** One message as the user sees it: its text and the options they can pick. */
export interface Seen {
  text: string;
  options: string[];
}

/**
 * A user on one channel, driven the way a person would: typing text, or picking an option the
 * way the platform lets them (a Telegram button, a Zalo OA quick reply, a number on text-only
 * channels). Each call resolves with the messages the user received in answer.
 */
export interface ChannelUser {
  channel: string;
  externalId: string;
  say(text: string): Promise<Seen[]>;
  choose(label: string): Promise<Seen[]>;
}

/** "1. Đăng ký thông tin" lines of a text-only reply, as options. */
function numbered(text: string): string[] {
  return text.split('\n').flatMap((line) => /^\d+\. (.+)$/.exec(line)?.[1] ?? []);
}

function chooseBy(history: Seen[], label: string): number {
  const last = history.findLast((s) => s.options.length);
  const index = last?.options.indexOf(label) ?? -1;
  if (index < 0) throw new Error(`"${label}" is not among the options shown: ${JSON.stringify(last?.options)}`);
  return index;
}

/** Waits until the count grows, then until it has not changed for `quietMs`. */
async function settle(count: () => number, before: number, quietMs = 250): Promise<void> {
  await vi.waitFor(
    () => {
      if (count() <= before) throw new Error('no reply yet');
    },
    { timeout: 10_000, interval: 20 },
  );
  let last = count();
  for (;;) {
    await new Promise((r) => setTimeout(r, quietMs));
    if (count() === last) return;
    last = count();
  }
}

export function consoleUser(app: TestApp, user: string): ChannelUser & { end(): Promise<void> } {
  const chat = consoleSession(app.router);
  const history: Seen[] = [];
  const send = async (text: string) => {
    const line = await chat.send({ user, text });
    const seen = line.replies.map((r) => ({ text: r.text, options: r.buttons?.flat().map((b) => b.label) ?? [] }));
    history.push(...seen);
    return seen;
  };
  return {
    channel: 'console',
    externalId: user,
    say: send,
    choose: (label) => send(String(chooseBy(history, label) + 1)),
    end: () => chat.end(),
  };
}

export function telegramUser(fake: FakeTelegramServer, userId: number): ChannelUser {
  const history: Seen[] = [];
  const view = () =>
    fake.sentTo(userId).map((m) => ({
      text: m.text ?? m.caption ?? '',
      options: ((m.reply_markup?.inline_keyboard ?? m.reply_markup?.keyboard ?? []) as { text: string }[][]).flat().map((b) => b.text),
    }));
  const act = async (push: () => void) => {
    const before = fake.sentTo(userId).length;
    push();
    await settle(() => fake.sentTo(userId).length, before);
    const seen = view().slice(before);
    history.push(...seen);
    return seen;
  };
  return {
    channel: 'telegram',
    externalId: String(userId),
    say: (text) => act(() => fake.sendText(userId, text)),
    choose: (label) =>
      act(() => {
        const last = fake.sentTo(userId).findLast((m) => m.reply_markup);
        const inline = (last?.reply_markup?.inline_keyboard ?? []) as { text: string; callback_data: string }[][];
        const button = inline.flat().find((b) => b.text === label);
        if (button) fake.pressButton(userId, button.callback_data);
        else if (chooseBy(history, label) >= 0) fake.sendText(userId, label); // a reply-keyboard key sends its label
      }),
  };
}

export function zaloBotUser(fake: FakeZaloBotServer, channels: Channels, userId: string): ChannelUser {
  const history: Seen[] = [];
  const act = async (text: string) => {
    const before = fake.sentTo(userId).length;
    fake.sendText(userId, text);
    await settle(() => fake.sentTo(userId).length, before, 50);
    await channels.zaloBot!.idle();
    const seen = fake
      .sentTo(userId)
      .slice(before)
      .map((m) => ({ text: m.text ?? '', options: numbered(m.text ?? '') }));
    history.push(...seen);
    return seen;
  };
  return {
    channel: 'zalo_bot',
    externalId: userId,
    say: act,
    choose: (label) => act(String(chooseBy(history, label) + 1)),
  };
}

export function zaloOaUser(fake: FakeZaloOaServer, channels: Channels, userId: string): ChannelUser {
  const history: Seen[] = [];
  const act = async (text: string) => {
    const before = fake.sentTo(userId).length;
    const res = await fake.pushEvent(fake.textEvent(userId, text));
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${res.body}`);
    await channels.zaloOa!.idle();
    const seen = fake
      .sentTo(userId)
      .slice(before)
      .map((m) => ({ text: m.text ?? '', options: m.buttons?.map((b) => b.title) ?? numbered(m.text ?? '') }));
    history.push(...seen);
    return seen;
  };
  return {
    channel: 'zalo_oa',
    externalId: userId,
    say: act,
    // A quick reply sends its payload (the label) as the user's text.
    choose: (label) => {
      const last = history.findLast((s) => s.options.length);
      if (!last?.options.includes(label)) throw new Error(`"${label}" is not among ${JSON.stringify(last?.options)}`);
      const sent = fake.sentTo(userId).findLast((m) => m.buttons?.length);
      const button = sent?.buttons?.find((b) => b.title === label);
      return act(button ? String(button.payload) : String(last.options.indexOf(label) + 1));
    },
  };
}

/** A free TCP port on 127.0.0.1 (webhook tests need the public address before the server starts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export function joined(seen: Seen[]): string {
  return seen.map((s) => s.text).join('\n---\n');
}
