// `npm run admin -- invites create|sheet|send`: invite every director of an area at once.
//
//   npm run admin -- invites create --province "Đắk Lắk" [--commune "Xã Ea Súp"] --role director [--days 60]
//       One invite per director on record without a chat account (made for that person: redeeming
//       it makes the redeemer that person), and one per cooperative with no director on record;
//       skips those with an open director invite, so a second run creates nothing. Last line: {"created":N}
//   npm run admin -- invites sheet --province "Đắk Lắk" [--commune …] --out moi.pdf
//       The A4 sheet of printed invitations (8 cards a page) of the open director invites. QR codes
//       need TELEGRAM_BOT_USERNAME and ZALO_OA_LINK; a channel left unset has none (said on stderr).
//       Last line: {"cards":N,"pages":N,"out":"moi.pdf"}
//   npm run admin -- invites send --province "Đắk Lắk" [--commune …] [--dry-run]
//       Sends the open invites in chat to directors who already wrote to the bot with the register's
//       name and phone (queued in the outbox: the running bot delivers them). Last line: {"sent":N}
//
// Province and commune names may be typed without diacritics ("dak lak", "xa ea sup"). Exit code 2
// for a usage error or an unknown area.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createI18n } from '../../src/i18n/i18n.js';
import { vnDateText } from '../../src/lib/vn-time.js';
import { createAreaInvites, SHEET_INVITE_DAYS } from '../../src/services/invites/create-area-invites.js';
import { resolveInviteArea } from '../../src/services/invites/invite-area.js';
import { formatInviteCode } from '../../src/services/invites/invite-code.js';
import { CARDS_PER_PAGE, writeInviteSheet, type InviteSheetLinks } from '../../src/services/invites/invite-sheet-pdf.js';
import { queueInviteMessages } from '../../src/services/invites/queue-invite-messages.js';
import type { AdminCommand } from '../admin.js';
import { loadConfigOrExit } from '../load-config-or-exit.js';

const USAGE = [
  'usage: npm run admin -- invites create --province P [--commune C] --role director [--days 60]',
  '       npm run admin -- invites sheet --province P [--commune C] --out F.pdf',
  '       npm run admin -- invites send --province P [--commune C] [--dry-run]',
].join('\n');

function usage(problem?: string): number {
  if (problem) console.error(problem);
  console.error(USAGE);
  return 2;
}

export const run: AdminCommand = async (db, args) => {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        province: { type: 'string' },
        commune: { type: 'string' },
        role: { type: 'string' },
        days: { type: 'string', default: String(SHEET_INVITE_DAYS) },
        out: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    return usage((e as Error).message);
  }
  const { positionals, values } = parsed;
  const sub = positionals[1];
  if (!values.province) return usage('--province is required');
  const resolved = resolveInviteArea({ province: values.province, commune: values.commune });
  if (!resolved.ok) return usage(resolved.problem);
  const area = resolved.area;
  const where = area.commune ? `${area.commune}, ${area.province}` : area.province;

  if (sub === 'create') {
    if (values.role !== 'director') return usage('--role director is required (members are invited by their director in the chat)');
    const days = Number(values.days);
    if (!Number.isInteger(days) || days < 1 || days > 365) return usage('--days must be a whole number of days, 1–365');
    const r = await createAreaInvites(db.prisma, { area, validDays: days });
    console.error(
      `${where}: ${r.created} invite(s) created, valid ${days} days; ${r.alreadyInvited} already had an open invite; ${r.joined} cooperative(s) whose directors have joined.`,
    );
    console.log(JSON.stringify({ created: r.created }));
    return 0;
  }

  const links = sheetLinks();
  if (sub === 'sheet') {
    if (!values.out) return usage('--out F.pdf is required');
    if (!links.telegramBotUsername) console.error('TELEGRAM_BOT_USERNAME is not set: the cards have no Telegram QR code.');
    if (!links.zaloOaLink) console.error('ZALO_OA_LINK is not set: the cards have no Zalo QR code.');
    const { pdf, cards } = await writeInviteSheet(db.prisma, { area, links });
    await writeFile(values.out, pdf);
    if (cards.length === 0) console.error(`${where}: no open director invite (run "invites create" first).`);
    console.log(JSON.stringify({ cards: cards.length, pages: Math.max(1, Math.ceil(cards.length / CARDS_PER_PAGE)), out: values.out }));
    return 0;
  }

  if (sub === 'send') {
    const { translator } = await createI18n();
    const dryRun = values['dry-run']!;
    const r = await queueInviteMessages(db.prisma, {
      area,
      dryRun,
      compose: ({ card, locale }) => {
        const t = translator(locale);
        const text = t('invite_message.text', {
          name: card.directorName,
          cooperative: card.cooperativeName,
          code: formatInviteCode(card.code),
          plain: card.code,
          until: vnDateText(card.expiresAt),
        });
        return { text, buttons: [[{ label: t('invite_message.button'), action: `invite:${card.code}` }]] };
      },
    });
    for (const x of r.recipients)
      console.error(`${dryRun ? 'would send' : 'queued'}: invite #${x.card.inviteId} (${x.card.cooperativeName}) → person #${x.personId}`);
    const skipped = Object.entries(r.notSent).filter(([, n]) => n > 0);
    if (skipped.length) console.error(`not sent: ${skipped.map(([why, n]) => `${n} ${why.replace('_', ' ')}`).join(', ')} (print the sheet for them)`);
    if (!dryRun && r.queued) console.error('The running bot sends them from its outbox.');
    console.log(JSON.stringify({ sent: r.queued, ...(dryRun ? { dry_run: true, would_send: r.recipients.length } : {}) }));
    return 0;
  }
  return usage();
};

function sheetLinks(): InviteSheetLinks {
  return loadConfigOrExit().inviteLinks ?? {};
}
