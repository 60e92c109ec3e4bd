/** The channels the bot speaks on. Adapters are the only code that knows their platforms. */
export type ChannelName = 'console' | 'telegram' | 'zalo_bot' | 'zalo_oa';

/** A file the bot sends: built in memory or read from disk. */
export interface OutboundDocument {
  filename: string;
  /** Either the bytes or a path to a file on disk. */
  content?: Uint8Array;
  path?: string;
  mimeType?: string;
}

/** A button: what the user sees and a short action id (≤ 64 bytes, Telegram's callback_data limit). */
export interface Button {
  label: string;
  action: string;
}

/** One neutral message from a user, whatever the platform. */
export interface InboundMessage {
  channel: ChannelName;
  /** Where to answer (a Telegram chat id, a Zalo user id), always a string. */
  chatId: string;
  /** Who wrote (equal to chatId in private chats). */
  userId: string;
  /** Typed text, already NFC-normalised and stripped of invisible characters by the router. */
  text?: string;
  /** A pressed button's action id. */
  action?: string;
  /** A contact the user shared (their own phone number). */
  contact?: { phone: string; userId?: string; firstName?: string };
  /** What else the user sent when it was not text (photo, sticker, voice...). */
  unsupported?: string;
  /** The platform's language code for the user (e.g. `vi`, `en-US`). */
  localeHint?: string;
  displayName?: string;
  /** The platform's id for this update or message, for deduplication and logs. */
  platformMessageId?: string;
  receivedAt: Date;
}

/** One neutral reply. Adapters render buttons their own way (inline keyboard, numbered list). */
export interface OutboundMessage {
  text: string;
  /** Rows of buttons. */
  buttons?: Button[][];
  /**
   * `choice` (default): a typed number presses the matching button on text-only channels.
   * `text`: the user is expected to type an answer, so only an exact label presses a button.
   */
  input?: 'choice' | 'text';
  /** Ask the user to share their phone number (Telegram's contact button where available). */
  requestContact?: { label: string };
  document?: OutboundDocument;
  /** A picture to show before the text (a trade-fair poster), by its public https address. */
  imageUrl?: string;
  /** The reader's language (set by the router), for the few words an adapter adds itself. */
  locale?: 'vi' | 'en';
  /**
   * For a channel that sends approved templates rather than text (Zalo ZNS): which template (an
   * announcement kind) and the named values its parameters are filled from. Others ignore it.
   */
  template?: { name: string; fields: Record<string, string> };
}

/** Flattens button rows into the numbered order text-only channels show. */
export function numberedButtons(message: OutboundMessage): Button[] {
  return (message.buttons ?? []).flat();
}
