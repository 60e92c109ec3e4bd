import type { OutboundDocument, OutboundMessage } from '../../lib/messages.js';
import { numberedButtons } from '../../lib/messages.js';
import type { T } from '../../i18n/i18n.js';
import { splitText } from '../../lib/split-text.js';
import { toTextPieces } from '../numbered-menu.js';
import type { OaMessage } from './oa-api-client.js';

/** The OA refuses longer texts. */
export const OA_TEXT_LIMIT = 2000;
/** A message carries at most this many buttons, each title at most 100 characters. */
export const OA_MAX_BUTTONS = 5;
export const OA_BUTTON_TITLE_LIMIT = 100;

/** One OA call to make, in order. `optional` ones may fail without failing the reply. */
export type OaSend = { kind: 'message'; message: OaMessage; optional?: boolean } | { kind: 'file'; document: OutboundDocument };

const length = (s: string) => [...s].length;

/**
 * Renders a neutral message for the OA: texts split at 2,000 characters; up to five buttons as
 * `oa.query.show` quick replies on the last piece (a tap sends the label back as the user's text,
 * which the router matches against the menu it showed); more buttons, or longer labels, as a
 * numbered list. A picture goes first, as a media message by URL. A contact request adds Zalo's "share your information" card; a document is
 * uploaded and sent as a file message after the text.
 */
export function toOaSends(msg: OutboundMessage, t: T): OaSend[] {
  const sends: OaSend[] = [];
  if (msg.imageUrl) {
    sends.push({
      kind: 'message',
      message: { attachment: { type: 'template', payload: { template_type: 'media', elements: [{ media_type: 'image', url: msg.imageUrl }] } } },
    });
  }
  const buttons = numberedButtons(msg);
  const asQuickReplies = buttons.length > 0 && buttons.length <= OA_MAX_BUTTONS && buttons.every((b) => length(b.label) <= OA_BUTTON_TITLE_LIMIT);
  if (asQuickReplies) {
    const pieces = splitText(msg.text.trim() ? msg.text : buttons.map((b) => b.label).join(' · '), OA_TEXT_LIMIT);
    pieces.forEach((text, i) => {
      const last = i === pieces.length - 1;
      const message: OaMessage = last
        ? { text, attachment: { type: 'template', payload: { buttons: buttons.map((b) => ({ title: b.label, type: 'oa.query.show', payload: b.label })) } } }
        : { text };
      sends.push({ kind: 'message', message });
    });
  } else {
    for (const text of toTextPieces(msg, OA_TEXT_LIMIT, t)) sends.push({ kind: 'message', message: { text } });
  }
  if (msg.requestContact) {
    sends.push({
      kind: 'message',
      optional: true,
      message: {
        attachment: {
          type: 'template',
          payload: {
            template_type: 'request_user_info',
            elements: [{ title: [...msg.requestContact.label].slice(0, OA_BUTTON_TITLE_LIMIT).join(''), subtitle: t('text_menu.share_info_subtitle') }],
          },
        },
      },
    });
  }
  if (msg.document) sends.push({ kind: 'file', document: msg.document });
  return sends;
}
