import { inflateSync } from 'node:zlib';
import jsQRModule, { type QRCode } from 'jsqr';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFRef, type PDFObject } from 'pdf-lib';

type Decode = (data: Uint8ClampedArray, width: number, height: number) => QRCode | null;
// jsqr is CommonJS with `exports.default`: the function is the default's default under Node's ESM.
const jsQR = ((jsQRModule as unknown as { default?: Decode }).default ?? jsQRModule) as unknown as Decode;

/**
 * Reads a generated PDF the way a reader would, with no system tools: the text of each page
 * (through each font's ToUnicode map), and what every image on it decodes to as a QR code.
 */
export async function readPdf(bytes: Uint8Array): Promise<{ pages: { text: string; qrCodes: string[] }[]; fonts: string[] }> {
  const doc = await PDFDocument.load(bytes);
  const fonts = new Set<string>();
  const pages = [];
  for (const page of doc.getPages()) {
    const resources = page.node.Resources()!;
    const qrCodes: string[] = [];
    const xobjects = resources.lookupMaybe(PDFName.of('XObject'), PDFDict);
    for (const [, ref] of xobjects?.entries() ?? []) {
      const image = doc.context.lookup(ref);
      if (!(image instanceof PDFRawStream) || image.dict.get(PDFName.of('Subtype'))?.toString() !== '/Image') continue;
      const decoded = jsQR(...imageRgba(doc, image));
      qrCodes.push(decoded ? decoded.data : '<undecodable>');
    }
    const maps = new Map<string, Map<number, string>>();
    const fontDict = resources.lookupMaybe(PDFName.of('Font'), PDFDict);
    for (const [name, ref] of fontDict?.entries() ?? []) {
      const font = doc.context.lookup(ref, PDFDict);
      const descendant = font.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray)?.lookup(0, PDFDict);
      fonts.add(String(descendant?.get(PDFName.of('BaseFont')) ?? font.get(PDFName.of('BaseFont'))));
      const toUnicode = font.lookup(PDFName.of('ToUnicode'));
      if (toUnicode instanceof PDFRawStream) maps.set(name.toString(), parseCmap(streamBytes(toUnicode).toString('latin1')));
    }
    const content = page.node.Contents();
    const streams = content instanceof PDFArray ? content.asArray().map((r) => doc.context.lookup(r)) : [content];
    const source = streams.map((s) => (s instanceof PDFRawStream ? streamBytes(s).toString('latin1') : '')).join('\n');
    pages.push({ text: decodeText(source, maps), qrCodes });
  }
  return { pages, fonts: [...fonts] };
}

function streamBytes(s: PDFRawStream): Buffer {
  const filter = s.dict.get(PDFName.of('Filter'))?.toString();
  const raw = Buffer.from(s.contents);
  return filter === '/FlateDecode' ? inflateSync(raw) : raw;
}

const num = (doc: PDFDocument, v: PDFObject | undefined) => (doc.context.lookup(v as PDFRef | PDFNumber) as PDFNumber).asNumber();

/** An image XObject (8-bit gray or RGB, optionally with PNG predictors) as RGBA pixels for jsQR. */
function imageRgba(doc: PDFDocument, image: PDFRawStream): [Uint8ClampedArray, number, number] {
  const width = num(doc, image.dict.get(PDFName.of('Width')));
  const height = num(doc, image.dict.get(PDFName.of('Height')));
  const space = image.dict.get(PDFName.of('ColorSpace'))?.toString();
  const colors = space === '/DeviceGray' ? 1 : 3;
  if (num(doc, image.dict.get(PDFName.of('BitsPerComponent'))) !== 8) throw new Error('only 8-bit images are read');
  let data = streamBytes(image);
  const parms = image.dict.lookupMaybe(PDFName.of('DecodeParms'), PDFDict);
  const predictor = parms?.get(PDFName.of('Predictor')) ? num(doc, parms.get(PDFName.of('Predictor'))) : 1;
  if (predictor >= 10) data = unpredictPng(data, width, height, colors);
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    for (let c = 0; c < 3; c++) rgba[i * 4 + c] = data[i * colors + (colors === 1 ? 0 : c)]!;
    rgba[i * 4 + 3] = 255;
  }
  return [rgba, width, height];
}

/** Undoes PNG row filters (None, Sub, Up, Average, Paeth). */
function unpredictPng(data: Buffer, width: number, height: number, bpp: number): Buffer {
  const stride = width * bpp;
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const type = data[y * (stride + 1)]!;
    const row = data.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[y * stride + x - bpp]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const c = x >= bpp && y > 0 ? out[(y - 1) * stride + x - bpp]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const add = [0, a, b, (a + b) >> 1, paeth][type]!;
      out[y * stride + x] = (row[x]! + add) & 0xff;
    }
  }
  return out;
}

const hexUnicode = (hex: string) => String.fromCodePoint(...(hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));

/** A ToUnicode CMap's bfchar and bfrange entries: glyph code → text. */
function parseCmap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(m[1]!, 16), hexUnicode(m[2]!));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const start = parseInt(m[1]!, 16);
      const end = parseInt(m[2]!, 16);
      if (m[3]!.startsWith('[')) {
        [...m[3]!.matchAll(/<([0-9a-fA-F]+)>/g)].forEach((d, i) => map.set(start + i, hexUnicode(d[1]!)));
      } else {
        const first = parseInt(m[3]!.slice(1, -1), 16);
        for (let g = start; g <= end; g++) map.set(g, String.fromCodePoint(first + g - start));
      }
    }
  }
  return map;
}

/** The text drawn by a content stream: one line per text-showing operator. */
function decodeText(content: string, maps: Map<string, Map<number, string>>): string {
  const lines: string[] = [];
  let map = new Map<number, string>();
  for (const m of content.matchAll(/\/([\w.+-]+)\s+[\d.]+\s+Tf|\[((?:<[0-9a-fA-F]*>|[^\]])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
    if (m[1]) {
      map = maps.get(`/${m[1]}`) ?? new Map();
      continue;
    }
    const hexes = m[2] !== undefined ? [...m[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]!) : [m[3]!];
    lines.push(hexes.map((h) => (h.match(/.{4}/g) ?? []).map((g) => map.get(parseInt(g, 16)) ?? '?').join('')).join(''));
  }
  return lines.join('\n');
}
