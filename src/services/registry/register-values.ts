import { readLocaleFiles } from '../../i18n/i18n.js';
import { parseVietnamesePhone } from '../../lib/phone.js';
import { foldText } from '../../lib/vietnamese-text.js';
import { COOPERATIVE_SECTORS } from '../cooperatives/cooperative-fields.js';

export type CooperativeKindCode = 'cooperative' | 'union' | 'group';

let sectorTable: Map<string, string> | undefined;

/** The sector codes a cooperative may be recorded in (labels: `announcements.sector.*` in locales). */
export function sectorCodes(): string[] {
  return [...COOPERATIVE_SECTORS];
}

function sectorLookup(): Map<string, string> {
  if (sectorTable) return sectorTable;
  const table = new Map<string, string>();
  const files = readLocaleFiles();
  for (const lng of Object.keys(files)) {
    const ns = files[lng]?.announcements as { announcements?: { sector?: Record<string, string> } } | undefined;
    for (const [code, label] of Object.entries(ns?.announcements?.sector ?? {})) {
      table.set(foldText(code), code);
      table.set(foldText(label), code);
    }
  }
  return (sectorTable = table);
}

/** A sector as a register writes it: a label the app shows («Nông nghiệp», "Agriculture") or a code (`agriculture`), without diacritics too. */
export function parseSector(typed: string): string | undefined {
  return sectorLookup().get(foldText(typed));
}

const KINDS: Record<string, CooperativeKindCode> = {
  htx: 'cooperative',
  'hop tac xa': 'cooperative',
  cooperative: 'cooperative',
  'lien hiep htx': 'union',
  'lien hiep hop tac xa': 'union',
  'lien hiep': 'union',
  lhhtx: 'union',
  union: 'union',
  'cooperative union': 'union',
  'union of cooperatives': 'union',
  'to hop tac': 'group',
  tht: 'group',
  group: 'group',
  'cooperative group': 'group',
};

/** A kind as a register writes it: `HTX`, `Liên hiệp HTX`, `Tổ hợp tác` (or the codes cooperative, union, group). */
export function parseKind(typed: string): CooperativeKindCode | undefined {
  return KINDS[foldText(typed.replace(/[.]/g, ''))];
}

/**
 * A phone number from a register, in the international form (`+84912345678`), or undefined.
 * Takes what people and Excel write: "0912 345 678", "0912.345.678", "84912345678", "+84 912…",
 * and a number cell whose leading 0 Excel dropped ("912345678").
 */
export function parseRegisterPhone(typed: string): string | undefined {
  let compact = typed.replace(/[\s.\-()']/g, '');
  // A number cell: 9 digits of a mobile number, or 10 of a landline, without the trunk 0.
  if (/^[1-9]\d{8}$/.test(compact) || /^2\d{9}$/.test(compact)) compact = `0${compact}`;
  const national = parseVietnamesePhone(compact);
  return national ? `+84${national.slice(1)}` : undefined;
}
