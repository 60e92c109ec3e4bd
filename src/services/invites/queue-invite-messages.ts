import type { Db } from '../../db/database.js';
import type { Locale } from '../../i18n/i18n.js';
import type { OutboundMessage } from '../../lib/messages.js';
import { parseVietnamesePhone } from '../../lib/phone.js';
import { foldText } from '../../lib/vietnamese-text.js';
import { enqueueOutbox } from '../outbox/enqueue-outbox.js';
import { ROLE_ORDER } from '../people/link-accounts.js';
import { listReachableAccounts } from '../people/pick-reachable-account.js';
import { localeFields, preferredLocale } from '../people/preferred-locale.js';
import type { InviteArea } from './invite-area.js';
import { listInviteCards, type InviteCard } from './list-invite-cards.js';

/** Why a director's invite was not sent in chat. */
export type InviteNotSent =
  /** The register gives no phone (or none we can read), or the invite is for a cooperative with no director on record. */
  | 'no_phone'
  /** Nobody who wrote to the bot gave this phone. */
  | 'no_match'
  /** Several people gave this phone: which one is the director? */
  | 'ambiguous'
  /** The one who gave this phone gave another name than the register's. */
  | 'name_differs'
  /** They already have a role or another cooperative (redeeming would be refused). */
  | 'has_role'
  /** No account the bot may write to (blocked, opted out, outside Zalo's window). */
  | 'unreachable';

export interface InviteRecipient {
  card: InviteCard;
  /** The person who wrote to the bot with the director's phone and name. */
  personId: number;
  locale: Locale;
}

export interface QueueInviteMessagesResult {
  /** Messages newly queued in the outbox (an invite already queued for that person is not counted again). */
  queued: number;
  recipients: InviteRecipient[];
  notSent: Record<InviteNotSent, number>;
}

/** The ways a Vietnamese number may be stored: "0912345678", "+84912345678", "84912345678". */
function phoneForms(raw: string): string[] {
  const national = parseVietnamesePhone(raw);
  return national ? [national, `+84${national.slice(1)}`, `84${national.slice(1)}`] : [];
}

const sameName = (a: string, b: string) => foldText(a).replace(/\s+/g, ' ').trim() === foldText(b).replace(/\s+/g, ' ').trim();

/**
 * Sends each open director invite of the area in chat to the director, where the director already
 * wrote to the bot: exactly one person (a guest, or a member of the same cooperative) gave the
 * phone of the register, with privacy consent, under the register's name, and has an account the
 * bot may write to. Phones typed in a chat are not verified, so the name must match too, and an
 * ambiguous phone sends nothing. Messages are queued in the outbox (topic `invite:<invite id>`, so
 * running it again queues nothing twice), and the outbox worker of the running bot sends them.
 *
 * `compose` writes the message in the recipient's language (the caller holds the translations).
 */
export async function queueInviteMessages(
  db: Db,
  o: { area: InviteArea; compose: (r: InviteRecipient) => OutboundMessage; dryRun?: boolean; now?: Date },
): Promise<QueueInviteMessagesResult> {
  const cards = await listInviteCards(db, { area: o.area, now: o.now });
  const notSent: Record<InviteNotSent, number> = { no_phone: 0, no_match: 0, ambiguous: 0, name_differs: 0, has_role: 0, unreachable: 0 };
  const recipients: InviteRecipient[] = [];
  for (const card of cards) {
    const forms = card.personId !== null && card.directorPhone ? phoneForms(card.directorPhone) : [];
    if (forms.length === 0) {
      notSent.no_phone++;
      continue;
    }
    const matches = await db.person.findMany({
      where: { id: { not: card.personId! }, phone: { in: forms }, privacyConsentAt: { not: null }, accounts: { some: {} } },
      select: { id: true, name: true, role: true, cooperativeId: true, province: true, ...localeFields },
      take: 2,
    });
    const match = matches[0];
    if (!match) notSent.no_match++;
    else if (matches.length > 1) notSent.ambiguous++;
    else if (!match.name || !card.directorName || !sameName(match.name, card.directorName)) notSent.name_differs++;
    else if (
      !(match.role === 'guest' && match.cooperativeId === null && match.province === null) &&
      !(match.cooperativeId === card.cooperativeId && ROLE_ORDER.indexOf(match.role) <= ROLE_ORDER.indexOf('director'))
    )
      notSent.has_role++;
    else if ((await listReachableAccounts(db, match.id)).length === 0) notSent.unreachable++;
    else recipients.push({ card, personId: match.id, locale: preferredLocale(match) });
  }
  if (o.dryRun || recipients.length === 0) return { queued: 0, recipients, notSent };
  const queued = await enqueueOutbox(
    db,
    recipients.map((r) => ({ topic: `invite:${r.card.inviteId}`, personId: r.personId, message: { ...o.compose(r), locale: r.locale } })),
  );
  return { queued, recipients, notSent };
}
