// `npx tsx tools/admin-units/build-admin-units.ts`: rebuilds knowledge/units/units.json and
// old-to-new.json from the official texts copied unchanged in knowledge/units/sources/, and prints
// the checks (34 provinces, the commune totals, every new commune named in its resolution).
// Deterministic: plain parsing of the documents, no guessing. `--check` compares instead of writing.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { foldText } from '../../src/lib/vietnamese-text.js';
import { ADMIN_UNITS_SOURCE } from '../../src/services/areas/admin-units-source.js';

export const unitsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../knowledge/units');

export type CommuneKind = 'xa' | 'phuong' | 'dac_khu';
export interface UnitsFile {
  asOf: string;
  documents: string[];
  provinces: { code: string; name: string; communes: { code: string; name: string; kind: CommuneKind }[] }[];
}
/** One old unit and where it went: targets are new commune names of the same province. */
export interface OldUnit {
  old: string;
  district?: string;
  targets: { name: string; partial?: true }[];
  clause: number;
}
export interface OldToNewFile {
  asOf: string;
  documents: string[];
  provinces: { name: string; oldProvinces: string[]; resolution: string; units: OldUnit[] }[];
}
export interface BuildReport {
  provinces: number;
  oldProvinces: number;
  communes: number;
  byKind: Record<CommuneKind, number>;
  problems: string[];
  oldUnits: number;
}

const DOCUMENTS = ADMIN_UNITS_SOURCE.documents;

const KIND_PREFIX: [string, CommuneKind][] = [
  ['xã ', 'xa'],
  ['phường ', 'phuong'],
  ['đặc khu ', 'dac_khu'],
];

/** "Xã  Mỏ<br>Vàng" → "Xã Mỏ Vàng"; "Văn Miếu -<br>Quốc Tử Giám" → "Văn Miếu - Quốc Tử Giám". */
function cell(raw: string): string {
  return raw
    .replace(/<br\s*\/?>/gi, ' ')
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The province key of a name as written anywhere ("TỈNH ĐẮK LẮK", "Tp Hải Phòng", "tỉnh Hoà Bình"). */
export function provinceKey(name: string): string {
  return foldText(name).replace(/^(tinh|thanh pho|tp\.?)\s+/, '');
}

function parseProvinces(csv: string): { code: string; name: string }[] {
  const rows = csv.normalize('NFC').trim().split(/\r?\n/).slice(1);
  return rows.map((line) => {
    const [, code, name] = line.split(',');
    if (!code || !name) throw new Error(`915_CTK-CSCL.csv: cannot read "${line}"`);
    return { code: code.trim(), name: name.trim() };
  });
}

function parseCommunes(md: string, provinces: { code: string; name: string }[], problems: string[]): UnitsFile['provinces'] {
  const byKey = new Map(provinces.map((p) => [provinceKey(p.name), { ...p, communes: [] as UnitsFile['provinces'][number]['communes'] }]));
  let current: ReturnType<typeof byKey.get>;
  for (const line of md.normalize('NFC').split(/\r?\n/)) {
    if (!line.startsWith('|') || /^\|\s*-/.test(line)) continue;
    const cells = line.split('|').slice(1, -1).map(cell);
    const [stt = '', code = '', name = ''] = cells;
    if (stt === 'Stt') continue;
    if (!stt && !code && name) {
      current = byKey.get(provinceKey(name));
      if (!current) problems.push(`1027: province header "${name}" is not one of the 34 provinces of 915`);
      continue;
    }
    if (!/^\d{5}$/.test(code)) {
      problems.push(`1027: cannot read row "${line}"`);
      continue;
    }
    const prefix = KIND_PREFIX.find(([p]) => name.toLowerCase().startsWith(p));
    if (!prefix || !current) {
      problems.push(`1027: row ${stt} "${name}" has no kind or no province`);
      continue;
    }
    current.communes.push({ code, name, kind: prefix[1] });
  }
  return [...byKey.values()];
}

// ---------------------------------------------------------------------------------------------
// Resolutions of the Standing Committee (one per new province): old units → new communes.

const OLD_KINDS = ['thị trấn', 'xã', 'phường', 'huyện', 'thị xã', 'thành phố', 'quận', 'đặc khu'];

/** The body of Điều 1 of one resolution, as one line of text with its numbered clauses. */
function articleOne(md: string): string {
  const text = md
    .normalize('NFC')
    .replace(/\\/g, '')
    .replace(/\*\*/g, '\u0001') // bold marks: kept as a marker of the new name
    .replace(/\*/g, '');
  // "**xã** **Đam Rông 1**" is one bold name.
  const flat = text.replace(/\s+/g, ' ').replace(/\u0001 ?\u0001/g, ' ');
  const start = /như sau:\s*/.exec(flat);
  const from = start ? start.index + start[0].length - 1 : 0;
  const end = flat.indexOf('Điều 2.', from);
  return flat.slice(from, end > 0 ? end : undefined);
}

interface Clause {
  n: number;
  text: string;
}

function clauses(body: string): Clause[] {
  const out: Clause[] = [];
  const re = /(?:^|\s)(\d{1,3})\.\s?(?=\p{Lu})/gu;
  const marks: { n: number; at: number; from: number }[] = [];
  let m: RegExpExecArray | null;
  let expect = 1;
  while ((m = re.exec(body))) {
    const n = Number(m[1]);
    if (n !== expect) continue; // "khoản 1 Điều này." inside a clause is not a new clause
    marks.push({ n, at: m.index, from: m.index + m[0].length });
    expect = n + 1;
  }
  marks.forEach((mk, i) => out.push({ n: mk.n, text: body.slice(mk.from, marks[i + 1]?.at ?? body.length).trim() }));
  return out;
}

/** Separates words glued by the conversion ("vàcác", "Thạnhthành", "Đôngvà", "Phú(thành"). */
function unglue(s: string): string {
  return s
    .replace(/(\S)\(/g, '$1 (')
    .replace(/\)(\S)/g, ') $1')
    .replace(/gọilà/g, 'gọi là')
    .replace(/(\S)(sau khi|của|một phần) /g, '$1 $2 ')
    .replace(/(lại|tại|và)(của|khoản|một) ?/g, '$1 $2 ')
    .replace(/khoản(\d)/g, 'khoản $1')
    .replace(/thành(xã|phường|đặc khu)/g, 'thành $1')
    .replace(/(\S)(thành (?:xã|phường|đặc khu))/gu, '$1 $2')
    .replace(/(\p{Ll})(và )/gu, (all, a: string, b: string) => (/[ \p{Lu}]/u.test(a) ? all : `${a} ${b}`))
    .replace(/ (và|của)(các|xã|phường|thị trấn|huyện) /g, ' $1 $2 ')
    .replace(/Điều này(thành|và)/g, 'Điều này $1')
    .replace(/\b(Xã|xã|Phường|phường|Sắp xếp)(\p{L})/gu, (all, a: string, b: string) => (/\p{Ll}/u.test(b) && a !== 'Sắp xếp' ? all : `${a} ${b}`))
    .replace(/\s+/g, ' ');
}

const KIND_WORD = '(thị trấn|thị xã|thành phố|xã|phường|huyện|quận|đặc khu)';

/** "thị trấn Chờ và các xã Trung Nghĩa, Long Châu, Đông Tiến" → typed old units with their qualifiers. */
function oldUnits(list: string): { old: string; district?: string }[] {
  const out: { old: string; district?: string }[] = [];
  // Split on commas and "và"; a bare name continues the kind of the list it sits in ("các xã A, B và C").
  // Commas inside a qualifier ("(huyện Châu Thành, tỉnh Trà Vinh)") do not split the list.
  const parts = list
    .replace(/\([^)]*\)/g, (q) => q.replace(/,/g, '\u0002').replace(/ và /g, ' \u0003 '))
    .split(/,\s*|\s+và\s+/)
    .map((p) =>
      p
        .replace(/\u0002/g, ',')
        .replace(/\u0003/g, 'và')
        .trim(),
    )
    .filter(Boolean);
  let kind = '';
  for (let part of parts) {
    part = part.replace(/^các\s+/i, '');
    let district: string | undefined;
    const q = /\s*\(([^)]*)\)\s*$/.exec(part);
    if (q) {
      // "(huyện Tân Hồng)", "(thuộc huyện Đăk Hà)", "(huyệnMèo Vạc)"; "(bao gồm Hòn Đá Bạc)" describes, it does not qualify.
      const d = q[1]!
        .trim()
        .replace(/^thuộc\s+/, '')
        .replace(/^(huyện|quận|Quận|thị xã|thành phố)(?=\p{Lu})/u, '$1 ');
      if (/^(huyện|quận|Quận|thị xã|thành phố)\s/.test(d)) district = d;
      part = part.slice(0, q.index).trim();
    }
    if (/^khu vực /.test(part)) {
      // "khu vực bãi bồi ven biển (do huyện Kim Sơn quản lý)": an area, not a unit.
      out.push({ old: capitalise(`${part}${q ? ` (${q[1]!.trim()})` : ''}`) });
      continue;
    }
    const k = new RegExp(`^${KIND_WORD}\\s+(.+)$`, 'i').exec(part);
    let name: string;
    if (k) {
      kind = k[1]!.toLowerCase();
      name = k[2]!;
    } else name = part;
    if (!kind || !name) continue;
    // "Phường 8" keeps its number; kinds are written with a capital, as the old registers do.
    out.push({ old: `${kind[0]!.toUpperCase()}${kind.slice(1)} ${name}`, district });
  }
  return out;
}

function capitalise(s: string): string {
  return s[0]!.toUpperCase() + s.slice(1);
}

interface ParsedResolution {
  number: string;
  province: string;
  units: OldUnit[];
  targets: Set<string>; // new unit names (capitalised), targets and kept units
  declared?: { total: number } & Record<CommuneKind, number>; // "Sau khi sắp xếp, tỉnh X có N đơn vị …"
}

function parseResolution(file: string, md: string, problems: string[]): ParsedResolution {
  const number = `${path.basename(file, '.md').replace('_', '/')}`;
  const body = articleOne(md);
  const title = /cấp xã của (tỉnh|thành phố)\s+([^\u0001]+?)(?: năm 2025| như sau|\s*Trên cơ sở)/i.exec(md.normalize('NFC').replace(/\s+/g, ' '));
  const province = title ? title[2]!.trim() : '';
  const units = new Map<string, OldUnit[]>();
  const targets = new Set<string>();
  let declared: ParsedResolution['declared'];
  // A unit moved in parts appears in several clauses (always as a part); a unit moved whole appears
  // once. So the same name moved whole twice is two units (two "Phường 3" of different towns, the
  // resolution naming no district): they are kept apart, never merged into one unit with two targets.
  const add = (old: string, district: string | undefined, target: string, partial: boolean, clause: number) => {
    const key = `${foldText(old)}|${district ? foldText(district) : ''}`;
    const same = units.get(key) ?? [];
    units.set(key, same);
    if (same.some((u) => u.targets.some((t) => t.name === target))) return;
    const inParts = partial ? same.find((u) => u.targets.every((t) => t.partial)) : undefined;
    if (inParts) inParts.targets.push({ name: target, partial: true });
    else same.push({ old, ...(district ? { district } : {}), targets: [{ name: target, ...(partial ? { partial: true as const } : {}) }], clause });
  };
  for (const c of clauses(body)) {
    const text = unglue(c.text.replace(/\u0001/g, ' \u0001 ').replace(/\s+/g, ' ')).trim();
    // The new name is in bold, with or without its kind: "**xã Tân Hồng**", "xã **Tuy An Đông**".
    const bold = /(?:(xã|phường|đặc khu)\s+)?\u0001\s*([^\u0001]+?)\s*\u0001/i.exec(text);
    const plain = bold ? undefined : /có tên gọi là ((?:xã|phường|đặc khu) [^.]+)\.?\s*$/.exec(text)?.[1]; // a name not in bold
    const newName = bold ? `${bold[1] ? `${bold[1]} ` : ''}${bold[2]!.replace(/^là\s+/, '').replace(/[.\s]+$/, '')}`.trim() : plain;
    const kept = /không thực hiện sắp xếp là (.+?)[.\s\u0001]*$/.exec(text);
    if (/^Sau khi sắp xếp/.test(text)) {
      const total = /có (\d+) đơn vị hành chính cấp xã,? gồm(.*?)(?:[;.]|$)/.exec(text);
      if (total) {
        const n = (word: string) => Number(new RegExp(`(\\d+)\\s*${word}`).exec(total[2]!)?.[1] ?? 0);
        declared = { total: Number(total[1]), xa: n('xã'), phuong: n('phường'), dac_khu: n('đặc khu') };
      }
    }
    if (kept) {
      for (const u of oldUnits(kept[1]!)) {
        const name = capitalise(u.old);
        targets.add(name);
        add(name, u.district, name, false, c.n);
      }
      continue;
    }
    if (/^Sau khi sắp xếp/.test(text)) continue;
    if (!newName) {
      problems.push(`${number} khoản ${c.n}: no new name in "${text.replace(/\u0001/g, '**')}"`);
      continue;
    }
    const target = capitalise(newName);
    targets.add(target);
    const rename = /^Đổi tên (.+?) thành \u0001/.exec(text);
    if (rename) {
      for (const u of oldUnits(rename[1]!)) add(u.old, u.district, target, false, c.n);
      continue;
    }
    const m = /^(?:Sắp xếp|Nhập) (.+?) thành (?:(?:xã|phường|đặc khu)(?: mới)? có tên gọi (?:là )?)?(?:(?:xã|phường|đặc khu) )?(?:\u0001|\S)/.exec(text);
    if (!m) {
      problems.push(`${number} khoản ${c.n}: cannot read "${text.replace(/\u0001/g, '**')}"`);
      continue;
    }
    // "toàn bộ diện tích tự nhiên, quy mô dân số của A, B, một phần diện tích … của C và phần còn lại của D sau khi …"
    const source = m[1]!.replace(/ sau khi (?:thực hiện )?(?:sắp xếp|điều chỉnh).*?Điều này/g, '');
    // "một phần diện tích tự nhiên và toàn bộ quy mô dân số của X" is still a part of X; "của" may be missing.
    const pieces = source.split(/((?:toàn bộ|một phần|phần) (?:(?!(?:của|xã|phường|thị trấn|các|huyện) ).)*?(?:của |(?=(?:xã|phường|thị trấn|các|huyện) )))/);
    let partial = false;
    for (const piece of pieces) {
      const p = piece
        .trim()
        .replace(/^,\s*|,?\s*(và)?\s*$/g, '')
        .trim();
      if (!p) continue;
      // "toàn bộ diện tích tự nhiên của xã Kỳ Lợi" (its area, not its people) is still a part.
      if (p.startsWith('toàn bộ')) partial = /diện tích/.test(p) !== /quy mô/.test(p);
      else if (p.startsWith('một phần') || p.startsWith('phần ')) partial = true;
      else for (const u of oldUnits(p)) add(u.old, u.district, target, partial, c.n);
    }
  }
  if (!declared) problems.push(`${number}: no "Sau khi sắp xếp, … có N đơn vị hành chính cấp xã" clause read`);
  return { number, province, units: [...units.values()].flat().sort((a, b) => a.clause - b.clause), targets, declared };
}

// ---------------------------------------------------------------------------------------------

/** "tỉnh Hoà Bình" → "Hòa Bình", "thành phố cần Thơ" → "Cần Thơ": an old province's name without its kind. */
function oldName(s: string): string {
  const bare = s
    .trim()
    .replace(/^(tỉnh|thành phố)\s+/i, '')
    .replace(/Hoà/g, 'Hòa')
    .replace(/Thanh Hoá/g, 'Thanh Hóa');
  return bare[0]!.toUpperCase() + bare.slice(1);
}

/** The old provinces of each new one, from the Phụ lục of 60-NQ/TW (the plan Nghị quyết 202/2025/QH15 enacted). */
function parseMerges(md: string, provinces: { name: string }[], problems: string[]): Map<string, string[]> {
  const text = md.normalize('NFC').replace(/\\/g, '').replace(/\*/g, '').replace(/\s+/g, ' ');
  const byKey = new Map(provinces.map((p) => [provinceKey(p.name), p.name]));
  const out = new Map<string, string[]>();
  const unchanged = /I- Các đơn vị hành chính cấp tỉnh không thực hiện sáp nhập(.+?)II- /.exec(text)?.[1] ?? '';
  for (const m of unchanged.matchAll(/\d+\. ((?:Thành phố|Tỉnh) [^.]+)\./g)) {
    const name = byKey.get(provinceKey(m[1]!));
    if (name) out.set(name, [oldName(m[1]!)]);
    else problems.push(`60-NQ/TW: unchanged province "${m[1]}" is not in 915`);
  }
  for (const m of text.matchAll(/\d+\. Hợp nhất (.+?)[;,] lấy tên là (?:tỉnh |thành phố |Thành phố )?(.+?), trung tâm/g)) {
    const name = byKey.get(provinceKey(m[2]!));
    if (!name) {
      problems.push(`60-NQ/TW: new province "${m[2]}" is not in 915`);
      continue;
    }
    out.set(name, m[1]!.split(/,\s*|\s+và\s+/).map(oldName));
  }
  if (out.size !== provinces.length) problems.push(`60-NQ/TW: ${out.size} provinces read, expected ${provinces.length}`);
  const olds = [...out.values()].flat();
  if (olds.length !== 63 || new Set(olds).size !== 63)
    problems.push(`60-NQ/TW: ${olds.length} old provinces read (${new Set(olds).size} different), expected 63`);
  return out;
}

export function buildAdminUnits(dir = path.join(unitsDir, 'sources')): { units: UnitsFile; oldToNew: OldToNewFile; report: BuildReport } {
  const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');
  const problems: string[] = [];
  const provinceList = parseProvinces(read('915_CTK-CSCL.csv'));
  const provinces = parseCommunes(read('1027_CTK-CSCL.md'), provinceList, problems);
  const byKind: Record<CommuneKind, number> = { xa: 0, phuong: 0, dac_khu: 0 };
  for (const p of provinces) for (const c of p.communes) byKind[c.kind]++;
  const codes = new Set<string>();
  for (const p of provinces) {
    if (p.communes.length === 0) problems.push(`1027: no communes for ${p.name}`);
    for (const c of p.communes) {
      if (codes.has(c.code)) problems.push(`1027: code ${c.code} appears twice`);
      codes.add(c.code);
    }
  }
  const merges = parseMerges(read('60-NQ_TW.md'), provinceList, problems);
  const oldToNew: OldToNewFile['provinces'] = [];
  let oldUnits = 0;
  const resolutionFiles = readdirSync(dir)
    .filter((f) => /^\d+_NQ-UBTVQH15\.md$/.test(f))
    .sort();
  const seen = new Set<string>();
  for (const f of resolutionFiles) {
    const r = parseResolution(f, read(f), problems);
    const province = provinces.find((p) => provinceKey(p.name) === provinceKey(r.province));
    if (!province) {
      problems.push(`${r.number}: province "${r.province}" is not one of the 34`);
      continue;
    }
    seen.add(province.name);
    const named = new Set([...r.targets].map(foldText));
    for (const c of province.communes)
      if (!named.has(foldText(c.name))) problems.push(`${r.number}: ${province.name}: ${c.name} (${c.code}) is not named as a new or kept unit`);
    const counted = { total: province.communes.length, xa: 0, phuong: 0, dac_khu: 0 };
    for (const c of province.communes) counted[c.kind]++;
    if (r.declared && JSON.stringify(r.declared) !== JSON.stringify(counted))
      problems.push(`${r.number}: ${province.name}: the resolution counts ${JSON.stringify(r.declared)}, 1027 lists ${JSON.stringify(counted)}`);
    const known = new Set(province.communes.map((c) => foldText(c.name)));
    for (const t of r.targets) if (!known.has(foldText(t))) problems.push(`${r.number}: ${province.name}: "${t}" is not in 1027`);
    // Targets take the official spelling of 1027.
    const official = new Map(province.communes.map((c) => [foldText(c.name), c.name]));
    for (const u of r.units) for (const t of u.targets) t.name = official.get(foldText(t.name)) ?? t.name;
    for (const u of r.units)
      if (
        !/^(Xã|Phường|Thị trấn|Huyện|Thị xã|Thành phố|Quận|Đặc khu|Khu vực) \S/.test(u.old) ||
        /diện tích|quy mô|sắp xếp|Điều này|khoản| thành | của /.test(u.old)
      )
        problems.push(`${r.number} khoản ${u.clause}: odd old unit "${u.old}"`);
    oldUnits += r.units.length;
    oldToNew.push({ name: province.name, oldProvinces: merges.get(province.name) ?? [], resolution: `${r.number}`, units: r.units });
  }
  for (const p of provinces) if (!seen.has(p.name)) problems.push(`no resolution read for ${p.name}`);
  oldToNew.sort((a, b) => provinces.findIndex((p) => p.name === a.name) - provinces.findIndex((p) => p.name === b.name));
  return {
    units: { asOf: '2025-07-01', documents: DOCUMENTS, provinces },
    oldToNew: { asOf: '2025-07-01', documents: DOCUMENTS, provinces: oldToNew },
    report: { provinces: provinces.length, oldProvinces: [...merges.values()].flat().length, communes: codes.size, byKind, problems, oldUnits },
  };
}

/** Compact JSON: one line per province (units) or per old unit (old-to-new), diff-friendly. */
export function serialiseUnits(units: UnitsFile): string {
  const head = `{"asOf":${JSON.stringify(units.asOf)},"documents":${JSON.stringify(units.documents)},"provinces":[\n`;
  return head + units.provinces.map((p) => JSON.stringify(p)).join(',\n') + '\n]}\n';
}

export function serialiseOldToNew(file: OldToNewFile): string {
  const head = `{"asOf":${JSON.stringify(file.asOf)},"documents":${JSON.stringify(file.documents)},"provinces":[\n`;
  const provinces = file.provinces.map((p) => {
    const { units, ...rest } = p;
    const open = JSON.stringify(rest).slice(0, -1);
    return `${open},"units":[\n${units.map((u) => JSON.stringify(u)).join(',\n')}\n]}`;
  });
  return head + provinces.join(',\n') + '\n]}\n';
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { units, oldToNew, report } = buildAdminUnits();
  const check = process.argv.includes('--check');
  const outputs: [string, string][] = [
    [path.join(unitsDir, 'units.json'), serialiseUnits(units)],
    [path.join(unitsDir, 'old-to-new.json'), serialiseOldToNew(oldToNew)],
  ];
  let stale = false;
  for (const [file, text] of outputs) {
    if (check) {
      let current = '';
      try {
        current = readFileSync(file, 'utf8');
      } catch {
        /* missing: stale */
      }
      if (current !== text) {
        stale = true;
        console.error(`${path.relative(process.cwd(), file)} is not what the sources give: run without --check`);
      }
    } else writeFileSync(file, text);
  }
  console.log(`provinces: ${report.provinces} (expected 34), formed from ${report.oldProvinces} old provinces (expected 63)`);
  console.log(
    `communes: ${report.communes} (official 3321) — xã ${report.byKind.xa} (2621), phường ${report.byKind.phuong} (687), đặc khu ${report.byKind.dac_khu} (13)`,
  );
  console.log(`old units mapped: ${report.oldUnits}`);
  console.log(`problems: ${report.problems.length}`);
  for (const p of report.problems) console.log(`  ${p}`);
  process.exit(stale || report.provinces !== 34 ? 1 : 0);
}
