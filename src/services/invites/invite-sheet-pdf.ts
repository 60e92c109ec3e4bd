import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { Db } from '../../db/database.js';
import { vnDateText } from '../../lib/vn-time.js';
import type { InviteArea } from './invite-area.js';
import { formatInviteCode } from './invite-code.js';
import { listInviteCards, type InviteCard } from './list-invite-cards.js';

/** Where a printed invitation leads: the Telegram bot (by its username) and the Zalo OA (its public link). */
export interface InviteSheetLinks {
  /** TELEGRAM_BOT_USERNAME, without "@": the QR opens https://t.me/<username>?start=<code>. */
  telegramBotUsername?: string;
  /** ZALO_OA_LINK: the OA's public page, https://zalo.me/<OA id>. */
  zaloOaLink?: string;
}

/** The Telegram deep link that starts the bot with the invite code (redeemed by /start <code>). */
export function telegramStartLink(botUsername: string, code: string): string {
  return `https://t.me/${botUsername}?start=${code}`;
}

// DejaVu Sans has every Vietnamese letter; resolved through the package, wherever it is installed.
const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

// A4 in points, 2 columns × 4 rows of cards, cut along the dashed lines.
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 24;
const COLUMNS = 2;
const ROWS = 4;
export const CARDS_PER_PAGE = COLUMNS * ROWS;
const CARD = { width: (PAGE.width - 2 * MARGIN) / COLUMNS, height: (PAGE.height - 2 * MARGIN) / ROWS };
const PAD = 10;
const QR_SIZE = 76;

/** A QR code as a grayscale PNG without alpha (8 pixels a module, a 2-module quiet zone). */
function qrPng(text: string): Promise<Buffer> {
  const opts = { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 8, rendererOpts: { colorType: 0 } } as QRCode.QRCodeToBufferOptions;
  return QRCode.toBuffer(text, opts);
}

/**
 * The invitation sheet as an A4 PDF: 8 cards a page (2 × 4, dashed cut lines), each with the
 * cooperative's name, the director on record, the area, the invite code in two groups of five, a
 * QR code of the Telegram deep link (when the bot's username is known), a QR code of the Zalo OA's
 * link (when configured), the expiry date and two lines of instructions in Vietnamese.
 */
export async function renderInviteSheet(cards: readonly InviteCard[], o: { links: InviteSheetLinks; area: InviteArea }): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    info: { Title: `Thư mời Giám đốc HTX – ${areaText(o.area)}`, Author: 'Trợ lý HTX' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', FONT);
  doc.registerFont('bold', FONT_BOLD);
  const zaloQr = o.links.zaloOaLink ? await qrPng(o.links.zaloOaLink) : null;
  const pages = Math.max(1, Math.ceil(cards.length / CARDS_PER_PAGE));
  for (let page = 0; page < pages; page++) {
    doc.addPage({ size: 'A4', margin: 0 });
    const onPage = cards.slice(page * CARDS_PER_PAGE, (page + 1) * CARDS_PER_PAGE);
    if (onPage.length === 0) {
      doc
        .font('bold')
        .fontSize(12)
        .text(`Không có thư mời nào đang mở ở ${areaText(o.area)}.`, MARGIN, MARGIN, { width: PAGE.width - 2 * MARGIN });
    }
    cutLines(doc, Math.ceil(onPage.length / COLUMNS));
    for (const [i, card] of onPage.entries()) {
      const x = MARGIN + (i % COLUMNS) * CARD.width;
      const y = MARGIN + Math.floor(i / COLUMNS) * CARD.height;
      const telegramQr = o.links.telegramBotUsername ? await qrPng(telegramStartLink(o.links.telegramBotUsername, card.code)) : null;
      drawCard(doc, x, y, card, { telegramQr, zaloQr });
    }
    doc
      .font('regular')
      .fontSize(6.5)
      .fillColor('#666666')
      .text(`Trợ lý HTX · Thư mời Giám đốc HTX · ${areaText(o.area)} · trang ${page + 1}/${pages}`, MARGIN, PAGE.height - MARGIN + 8, {
        width: PAGE.width - 2 * MARGIN,
        align: 'center',
        lineBreak: false,
      })
      .fillColor('black');
  }
  doc.end();
  return done;
}

function areaText(area: InviteArea): string {
  return area.commune ? `${area.commune}, ${area.province}` : area.province;
}

/** Dashed lines around and between the cards of the rows in use. */
function cutLines(doc: PDFKit.PDFDocument, rows: number) {
  if (rows === 0) return;
  doc.save().lineWidth(0.5).strokeColor('#999999').dash(4, { space: 3 });
  const bottom = MARGIN + rows * CARD.height;
  for (let r = 0; r <= rows; r++)
    doc
      .moveTo(MARGIN, MARGIN + r * CARD.height)
      .lineTo(PAGE.width - MARGIN, MARGIN + r * CARD.height)
      .stroke();
  for (let c = 0; c <= COLUMNS; c++)
    doc
      .moveTo(MARGIN + c * CARD.width, MARGIN)
      .lineTo(MARGIN + c * CARD.width, bottom)
      .stroke();
  doc.undash().restore();
}

function drawCard(doc: PDFKit.PDFDocument, x: number, y: number, card: InviteCard, qr: { telegramQr: Buffer | null; zaloQr: Buffer | null }) {
  const inner = CARD.width - 2 * PAD;
  const left = x + PAD;
  doc
    .fillColor('black')
    .font('bold')
    .fontSize(11)
    .text(card.cooperativeName, left, y + PAD, { width: inner, height: 28, ellipsis: true });
  doc
    .font('regular')
    .fontSize(8.5)
    .text(`Giám đốc: ${card.directorName ?? '…………………………………'}`, left, y + 40, { width: inner, height: 11, ellipsis: true, lineBreak: false });
  doc
    .fontSize(7.5)
    .fillColor('#444444')
    .text([card.commune, card.province].filter(Boolean).join(', '), left, y + 52, { width: inner, height: 10, ellipsis: true, lineBreak: false })
    .fillColor('black');

  // The QR codes side by side, each with its caption; the code to the right of them.
  const top = y + 66;
  let col = left;
  for (const [png, caption] of [
    [qr.telegramQr, 'Telegram'],
    [qr.zaloQr, 'Zalo OA'],
  ] as const) {
    if (!png) continue;
    doc.image(png, col, top, { width: QR_SIZE, height: QR_SIZE });
    doc
      .font('regular')
      .fontSize(7)
      .text(caption, col, top + QR_SIZE + 1, { width: QR_SIZE, align: 'center', lineBreak: false });
    col += QR_SIZE + 8;
  }
  const codeLeft = col === left ? left : col + 2;
  const codeWidth = x + CARD.width - PAD - codeLeft;
  const [first, second] = formatInviteCode(card.code).split('-');
  doc
    .font('regular')
    .fontSize(7.5)
    .text('Mã mời', codeLeft, top + 2, { width: codeWidth, lineBreak: false });
  doc
    .font('bold')
    .fontSize(17)
    .text(first ?? '', codeLeft, top + 13, { width: codeWidth, characterSpacing: 1, lineBreak: false });
  doc.text(second ?? '', codeLeft, top + 33, { width: codeWidth, characterSpacing: 1, lineBreak: false });
  doc
    .font('regular')
    .fontSize(7)
    .text(`Hạn dùng: ${vnDateText(card.expiresAt)}`, codeLeft, top + 60, { width: codeWidth, lineBreak: false });

  const [line1, line2] = instructions(card.code, { telegram: !!qr.telegramQr, zalo: !!qr.zaloQr });
  doc.font('regular').fontSize(7.2);
  doc.text(line1, left, y + CARD.height - PAD - 20, { width: inner, lineBreak: false, ellipsis: true });
  doc.text(line2, left, y + CARD.height - PAD - 10, { width: inner, lineBreak: false, ellipsis: true });
}

/** Two lines of instructions in Vietnamese, for the channels on the card. */
export function instructions(code: string, on: { telegram: boolean; zalo: boolean }): [string, string] {
  const type = `/moi ${code}`;
  if (on.telegram && on.zalo) return ['Telegram: quét mã QR Telegram rồi bấm «Bắt đầu» (Start).', `Zalo: quét mã Zalo, bấm «Quan tâm», rồi nhắn: ${type}`];
  if (on.telegram) return ['Telegram: quét mã QR rồi bấm «Bắt đầu» (Start).', `Hoặc nhắn cho Trợ lý HTX: ${type}`];
  if (on.zalo) return ['Zalo: quét mã QR, bấm «Quan tâm» để nhắn tin với Trợ lý HTX,', `rồi nhắn: ${type}`];
  return ['Mở Trợ lý HTX trên Zalo hoặc Telegram,', `rồi nhắn: ${type}`];
}

/**
 * The invitation sheet of an area: one card per open director invite of its active cooperatives
 * (see listInviteCards). For the CLI (`invites sheet`) and the dashboard's download.
 *
 * @example
 * const { pdf, cards } = await writeInviteSheet(db, { area: { province: 'Đắk Lắk' }, links: { telegramBotUsername: 'TroLyHtxBot' } });
 */
export async function writeInviteSheet(db: Db, o: { area: InviteArea; links: InviteSheetLinks; now?: Date }): Promise<{ pdf: Buffer; cards: InviteCard[] }> {
  const cards = await listInviteCards(db, { area: o.area, now: o.now });
  return { pdf: await renderInviteSheet(cards, { links: o.links, area: o.area }), cards };
}
