import type { AnnouncementKind } from '../../generated/prisma/client.js';
import { vnDateText, vnTimeText } from '../../lib/vn-time.js';
import type { AnnouncementContent } from './announcement-content.js';

/**
 * Zalo's notification service (ZNS, since 2026 sold as "ZBS Template Message") sends an approved
 * template to a phone number. The template's parameters are filled from an announcement's fields
 * by a mapping typed in the configuration (ZALO_ZNS_TEMPLATE_<KIND>):
 *
 *     <template id>: <param>=<field>[/<max chars>], <param>=<field>[/<max chars>], …
 *     ZALO_ZNS_TEMPLATE_TRAINING="248153: ten_lop=title/100, thoi_gian=time/20, dia_diem=place/80"
 *
 * Sources (see README, "ZNS"): every template_data value is a string and must match the
 * template's parameter names (field-vn/zalo src/Core/Channels/OA/Resources/ZbsResource.php);
 * each parameter has a "technical setting" with a character limit, e.g. Tên khách hàng (30),
 * Nhãn tùy chỉnh (30), Thông tin liên hệ (50), Thời gian (20, formats such as `hh:mm dd/mm/yyyy`)
 * — reported by a copy of Zalo Business Solutions' article "Các định dạng dữ liệu khi truyền vào
 * tham số trên nội dung tin nhắn ZBS Template" and the parameter-type table of
 * @warriorteam/redai-zalo-sdk (dist/types/zns.d.ts, ZNSParamType). The limit of a parameter is
 * the one of its template, so the mapping says it (`/100`); without it 30 characters, the limit
 * of the generic "custom label" type.
 */

/** The announcement's fields a template parameter can take. */
export const ZNS_FIELDS = ['title', 'body', 'time', 'date', 'place', 'register_by', 'name', 'cooperative'] as const;
export type ZnsField = (typeof ZNS_FIELDS)[number];

/** A parameter's limit when the mapping names none ("Nhãn tùy chỉnh (30)", reported). */
export const ZNS_DEFAULT_MAX_CHARS = 30;

export interface ZnsParam {
  /** The template's parameter name (its `template_data` key). */
  param: string;
  field: ZnsField;
  maxChars: number;
}

export interface ZnsTemplate {
  templateId: string;
  params: ZnsParam[];
}

/** The ZNS templates configured, by announcement kind (a kind without one is never sent by ZNS). */
export type ZnsTemplates = Partial<Record<AnnouncementKind, ZnsTemplate>>;

/** What the announcement rules need to know of ZNS: which kinds have a template, and the price if known. */
export interface ZnsRoute {
  kinds: readonly AnnouncementKind[];
  /** Price of one ZNS message in đồng (ZALO_ZNS_PRICE_VND), for the cost estimate; unset: unknown. */
  priceVnd?: number;
}

export const ZNS_SYNTAX = '<template id>: <param>=<field>[/<max chars>], … (fields: ' + ZNS_FIELDS.join(', ') + ')';

/** Reads one ZALO_ZNS_TEMPLATE_<KIND> value; returns the problems in words when it does not hold. */
export function parseZnsTemplate(value: string): { ok: true; template: ZnsTemplate } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const colon = value.indexOf(':');
  if (colon < 0) return { ok: false, problems: [`expected ${ZNS_SYNTAX}`] };
  const templateId = value.slice(0, colon).trim();
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(templateId)) problems.push(`template id "${templateId}" must be 1–64 letters, digits, _ or -`);
  const params: ZnsParam[] = [];
  const entries = value
    .slice(colon + 1)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!entries.length) problems.push(`no parameters: expected ${ZNS_SYNTAX}`);
  for (const entry of entries) {
    const m = /^([A-Za-z0-9_]{1,60})\s*=\s*([a-z_]+)(?:\s*\/\s*(\d{1,4}))?$/.exec(entry);
    if (!m) {
      problems.push(`"${entry}" is not <param>=<field>[/<max chars>]`);
      continue;
    }
    const [, param, field, max] = m as unknown as [string, string, string, string | undefined];
    if (!(ZNS_FIELDS as readonly string[]).includes(field)) problems.push(`"${entry}": unknown field "${field}" (use ${ZNS_FIELDS.join(', ')})`);
    const maxChars = max === undefined ? ZNS_DEFAULT_MAX_CHARS : Number(max);
    if (maxChars < 1 || maxChars > 2000) problems.push(`"${entry}": the limit must be 1–2000 characters`);
    if (params.some((p) => p.param === param)) problems.push(`parameter "${param}" is mapped twice`);
    params.push({ param, field: field as ZnsField, maxChars });
  }
  return problems.length ? { ok: false, problems } : { ok: true, template: { templateId, params } };
}

/** The announcement's fields for one recipient, as plain text (Việt Nam time, formats ZNS takes). */
export function znsFields(a: AnnouncementContent, who: { name: string | null; cooperativeName: string }): Record<ZnsField, string> {
  return {
    title: a.title,
    body: a.body,
    time: a.startsAt ? vnTimeText(a.startsAt) : '',
    date: a.startsAt ? vnDateText(a.startsAt) : '',
    place: a.place ?? '',
    register_by: a.registerBy ? vnTimeText(a.registerBy) : '',
    name: who.name ?? '',
    cooperative: who.cooperativeName,
  };
}

/** Cuts a value to `max` characters (code points), ending with "…" when cut; whitespace collapsed. */
export function fitZnsValue(value: string, max: number): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  if (chars.length <= max) return flat;
  return `${chars
    .slice(0, Math.max(0, max - 1))
    .join('')
    .trimEnd()}…`;
}

/** The template_data of one send: each parameter from its field, trimmed to its limit. */
export function renderZnsData(template: ZnsTemplate, fields: Partial<Record<string, string>>): Record<string, string> {
  const data: Record<string, string> = {};
  for (const p of template.params) data[p.param] = fitZnsValue(fields[p.field] ?? '', p.maxChars) || '-';
  return data;
}
