import type { OutboundMessage } from '../lib/messages.js';

/** Where a bot-initiated message went, or null when the person could not be reached. */
export type Delivered = { channel: string; externalId: string } | null;

/**
 * Sends a bot-initiated message (an officer's answer, a new question for an officer) to a person,
 * on whatever channel reaches them. The message should already be in the person's language.
 */
export type Notify = (personId: number, msg: OutboundMessage) => Promise<Delivered>;

/** Tries each way in turn until one delivers (the platforms first, then the console). */
export function firstDelivering(...ways: Notify[]): Notify {
  return async (personId, msg) => {
    for (const way of ways) {
      const done = await way(personId, msg);
      if (done) return done;
    }
    return null;
  };
}

/** Nobody to deliver to (no channel configured yet): the caller keeps the message's cause stored. */
export const notifyNobody: Notify = async () => null;
