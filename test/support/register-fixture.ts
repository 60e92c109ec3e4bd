import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { adminUnits } from '../../src/services/areas/admin-units.js';
import { findCommune, listCommunes, listOldUnitCandidates } from '../../src/services/areas/areas.js';
import { foldText } from '../../src/lib/vietnamese-text.js';

/**
 * A cooperative register of a real province (the shipped units of Đắk Lắk), as a provincial office
 * would keep it: 600 rows, of which exactly 25 are bad in different ways (missing name, unknown
 * commune, repeated registration code, bad phone, unknown sector or kind, old commune names from
 * before 1 July 2025 with their old district). Deterministic: the same rows every time.
 */
export const REGISTER_PROVINCE = 'Đắk Lắk';

export type BadKind = 'missing_name' | 'unknown_commune' | 'duplicate_code' | 'bad_phone' | 'unknown_sector' | 'unknown_kind' | 'old_unit';

/** The cells of one data row, by column (a phone may be a number: an Excel cell that lost its 0). */
export interface RegisterRecord {
  name: string;
  registration_code: string;
  commune: string;
  sector: string;
  kind: string;
  director: string;
  phone: string | number;
  district: string;
  province: string;
}

export interface RegisterFixture {
  records: RegisterRecord[];
  /** The 0-based index of each bad record, with what is wrong with it. */
  bad: Map<number, BadKind>;
  /** For the old-unit rows: the new commune the import suggests. */
  suggested: Map<number, string>;
}

const VI_HEADERS: Record<keyof RegisterRecord, string> = {
  name: 'Tên HTX',
  registration_code: 'Mã số HTX',
  commune: 'Xã/Phường',
  sector: 'Lĩnh vực',
  kind: 'Loại hình',
  director: 'Giám đốc',
  phone: 'Điện thoại',
  district: 'Huyện',
  province: 'Tỉnh',
};
const COLUMNS = Object.keys(VI_HEADERS) as (keyof RegisterRecord)[];

const SECTORS = ['Nông nghiệp', 'Lâm nghiệp', 'Thủy sản', 'Thương mại', 'Dịch vụ', 'agriculture', 'Vận tải', 'Du lịch', 'nong nghiep', 'Xây dựng'];
const KINDS = ['HTX', 'HTX', 'HTX', 'Liên hiệp HTX', 'Tổ hợp tác', 'to hop tac', 'htx'];
const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Y', "H'", 'Võ', 'Đặng', 'Bùi'];
const GIVEN = ['Văn An', 'Thị Bình', 'Văn Cường', 'Thị Dung', 'Đức Em', 'Ngọc Hà', 'Minh Khoa', 'Thu Lan', 'Hữu Nghĩa', 'Thanh Tâm'];
const WORDS = ['Cà phê', 'Nông nghiệp', 'Dịch vụ', 'Hồ tiêu', 'Sầu riêng', 'Lúa gạo', 'Thủy sản', 'Mắc ca', 'Ca cao', 'Rau sạch'];

/** The phone of the i-th row in the ways registers write them (a number, with the 0 lost, in XLSX). */
function phoneOf(i: number): string | number {
  const digits = String(10_000_000 + i * 7919).slice(-8); // 8 digits
  const national = `09${digits}`;
  switch (i % 5) {
    case 0:
      return `${national.slice(0, 4)} ${national.slice(4, 7)} ${national.slice(7)}`;
    case 1:
      return `${national.slice(0, 4)}.${national.slice(4, 7)}.${national.slice(7)}`;
    case 2:
      return `84${national.slice(1)}`;
    case 3:
      return Number(national); // 9xxxxxxxx: Excel dropped the 0
    default:
      return `+84 ${national.slice(1)}`;
  }
}

/** The international form the import stores for a row's phone. */
export function storedPhone(i: number): string {
  const digits = String(10_000_000 + i * 7919).slice(-8);
  return `+849${digits}`;
}

/** Old communes of the province that the new list does not know and that went to exactly one new unit. */
function oldUnits(): { old: string; district: string; to: string }[] {
  const data = adminUnits().oldToNew.get(REGISTER_PROVINCE)!;
  const out: { old: string; district: string; to: string }[] = [];
  for (const u of data.units) {
    if (!u.district || u.targets.length !== 1) continue;
    if (!('none' in findCommune(REGISTER_PROVINCE, u.old))) continue;
    const c = listOldUnitCandidates(REGISTER_PROVINCE, u.old, u.district);
    if (c.length !== 1 || c[0]!.targets.length !== 1) continue;
    out.push({ old: u.old, district: u.district, to: c[0]!.targets[0]!.commune.name });
  }
  return out;
}

/** The 600-row register; `changes` alter some valid rows (e.g. one phone), for re-imports. */
export function buildRegister(changes: { phoneOf?: number } = {}): RegisterFixture {
  const communes = listCommunes(REGISTER_PROVINCE);
  const old = oldUnits();
  if (old.length < 4) throw new Error('register fixture: not enough old units with a district in the shipped data');
  const records: RegisterRecord[] = [];
  const bad = new Map<number, BadKind>();
  const suggested = new Map<number, string>();
  // 25 bad rows spread through the file, of seven kinds.
  const plan: BadKind[] = [
    ...Array<BadKind>(4).fill('missing_name'),
    ...Array<BadKind>(4).fill('unknown_commune'),
    ...Array<BadKind>(3).fill('duplicate_code'),
    ...Array<BadKind>(4).fill('bad_phone'),
    ...Array<BadKind>(3).fill('unknown_sector'),
    ...Array<BadKind>(3).fill('unknown_kind'),
    ...Array<BadKind>(4).fill('old_unit'),
  ];
  plan.forEach((kind, k) => bad.set(17 + k * 23, kind));
  const badPhones = ['12345', '0912', 'không có', '0912 345 678 999'];
  const badSectors = ['Khai khoáng vũ trụ', 'Ngân hàng đầu tư', 'xyz'];
  const badKinds = ['Công ty TNHH', 'Doanh nghiệp tư nhân', 'HKD'];
  const unknownCommunes = ['Xã Không Có Thật', 'Phường Mặt Trăng', 'xa zzz qqq', 'Xã Ea Không Tồn'];
  let n = { phone: 0, sector: 0, kind: 0, commune: 0, old: 0, name: 0 };
  for (let i = 0; i < 600; i++) {
    const commune = communes[i % communes.length]!;
    // Now and then typed without diacritics, or without its kind where that is unique.
    const variants = [commune.name, foldText(commune.name), commune.name.replace(/^(Xã|Phường|Đặc khu) /, '')];
    const typed =
      variants.find(
        (v, k) =>
          k === i % 3 &&
          'found' in findCommune(REGISTER_PROVINCE, v) &&
          (findCommune(REGISTER_PROVINCE, v) as { found: { code: string } }).found.code === commune.code,
      ) ?? commune.name;
    const r: RegisterRecord = {
      name: `HTX ${WORDS[i % WORDS.length]} ${commune.name.replace(/^(Xã|Phường|Đặc khu) /, '')} số ${i + 1}`,
      registration_code: i % 10 === 9 ? '' : `${6000000000 + i * 37}`,
      commune: typed,
      sector: SECTORS[i % SECTORS.length]!,
      kind: KINDS[i % KINDS.length]!,
      director: `${SURNAMES[i % SURNAMES.length]} ${GIVEN[(i * 3) % GIVEN.length]}`,
      phone: phoneOf(i),
      district: '',
      province: i % 4 === 0 ? REGISTER_PROVINCE : i % 4 === 1 ? 'Tỉnh Đắk Lắk' : i % 4 === 2 ? 'dak lak' : '',
    };
    switch (bad.get(i)) {
      case 'missing_name':
        r.name = '';
        n.name++;
        break;
      case 'unknown_commune':
        r.commune = unknownCommunes[n.commune++]!;
        break;
      case 'duplicate_code':
        r.registration_code = records[i - 5]!.registration_code || records[i - 4]!.registration_code;
        break;
      case 'bad_phone':
        r.phone = badPhones[n.phone++]!;
        break;
      case 'unknown_sector':
        r.sector = badSectors[n.sector++]!;
        break;
      case 'unknown_kind':
        r.kind = badKinds[n.kind++]!;
        break;
      case 'old_unit': {
        const o = old[(n.old++ * 7) % old.length]!;
        r.commune = o.old;
        r.district = o.district;
        r.province = 'Đắk Lắk';
        suggested.set(i, o.to);
        break;
      }
      default:
        if (changes.phoneOf === i) r.phone = '0388 000 111';
    }
    records.push(r);
  }
  return { records, bad, suggested };
}

export interface SheetLayout {
  /** English headers (name, registration_code, …) instead of the Vietnamese ones. */
  english?: boolean;
  /** The columns in this order (default: the template's). */
  order?: (keyof RegisterRecord)[];
  /** Title lines above the header row (the header is then not row 1). */
  titleRows?: string[];
}

function headerOf(c: keyof RegisterRecord, layout: SheetLayout): string {
  return layout.english ? (c === 'district' ? 'district' : c) : VI_HEADERS[c];
}

/** Writes the register as XLSX; returns the spreadsheet row number of the first data row. */
export async function writeRegisterXlsx(file: string, reg: RegisterFixture, layout: SheetLayout = {}): Promise<number> {
  const order = layout.order ?? COLUMNS;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Danh sách HTX');
  for (const title of layout.titleRows ?? []) ws.addRow([title]);
  if (layout.titleRows?.length) ws.addRow([]);
  ws.addRow(order.map((c) => headerOf(c, layout)));
  const first = ws.rowCount + 1;
  for (const r of reg.records) ws.addRow(order.map((c) => r[c]));
  writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
  return first;
}

/** Writes the register as CSV (UTF-8 with a BOM, `;` by default as Excel in Vietnam saves it); returns the first data line's number. */
export function writeRegisterCsv(file: string, reg: RegisterFixture, o: { delimiter?: ',' | ';'; bom?: boolean } = {}): number {
  const d = o.delimiter ?? ';';
  const cell = (v: string | number) => {
    const s = String(v);
    return /["\n;,]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [COLUMNS.map((c) => cell(VI_HEADERS[c])).join(d), ...reg.records.map((r) => COLUMNS.map((c) => cell(r[c])).join(d))];
  writeFileSync(file, `${o.bom === false ? '' : '\uFEFF'}${lines.join('\r\n')}\r\n`);
  return 2;
}
