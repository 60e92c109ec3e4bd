import { foldText } from '../../lib/vietnamese-text.js';

/** The columns of a cooperative register, as the import reads them. */
export const COOPERATIVE_COLUMNS = ['name', 'registration_code', 'commune', 'sector', 'kind', 'director', 'phone', 'district', 'province'] as const;
export type CooperativeColumn = (typeof COOPERATIVE_COLUMNS)[number];

/** The columns of a cooperative's member list. */
export const MEMBER_COLUMNS = ['name', 'phone'] as const;
export type MemberColumn = (typeof MEMBER_COLUMNS)[number];

/** A header as compared: folded (no diacritics, lower case), punctuation and underscores made spaces. */
export function headerKey(text: string): string {
  return foldText(text.replace(/[_/\\\-–.,:;()[\]*#]+/g, ' '));
}

/**
 * The header names each column is known by (Vietnamese and English), compared with headerKey: so
 * "Tên HTX", "TEN HTX", "ten  htx" and "Ten_HTX" are the same header.
 */
const COOPERATIVE_HEADERS: Record<CooperativeColumn, string[]> = {
  name: ['Tên HTX', 'Tên hợp tác xã', 'Tên HTX/THT', 'Tên tổ chức', 'Tên', 'name', 'cooperative', 'cooperative name'],
  registration_code: ['Mã số HTX', 'Mã số', 'Mã số hợp tác xã', 'Mã HTX', 'Số đăng ký', 'Mã số đăng ký', 'registration_code', 'registration code', 'code'],
  commune: ['Xã/Phường', 'Xã, phường', 'Xã/Phường/Đặc khu', 'Xã', 'Phường', 'Địa bàn', 'commune', 'ward', 'commune/ward'],
  sector: ['Lĩnh vực', 'Ngành nghề', 'Ngành', 'Lĩnh vực hoạt động', 'sector'],
  kind: ['Loại hình', 'Loại', 'kind', 'type'],
  director: ['Giám đốc', 'Chủ nhiệm', 'Giám đốc/Chủ nhiệm', 'Họ tên giám đốc', 'Người đại diện', 'director'],
  phone: ['Điện thoại', 'Số điện thoại', 'SĐT', 'Điện thoại giám đốc', 'phone', 'phone number', 'telephone'],
  district: ['Huyện', 'Quận/Huyện', 'Huyện cũ', 'Quận/Huyện cũ', 'district', 'old district'],
  province: ['Tỉnh', 'Tỉnh/Thành phố', 'Tỉnh/TP', 'Thành phố', 'province'],
};

const MEMBER_HEADERS: Record<MemberColumn, string[]> = {
  name: ['Họ tên', 'Họ và tên', 'Tên', 'Tên thành viên', 'Thành viên', 'name', 'full name', 'member'],
  phone: COOPERATIVE_HEADERS.phone,
};

function lookup<C extends string>(table: Record<C, string[]>): Map<string, C> {
  const m = new Map<string, C>();
  for (const [column, names] of Object.entries(table) as [C, string[]][]) for (const n of names) m.set(headerKey(n), column);
  return m;
}

export const COOPERATIVE_HEADER_LOOKUP = lookup(COOPERATIVE_HEADERS);
export const MEMBER_HEADER_LOOKUP = lookup(MEMBER_HEADERS);

/** The Vietnamese headers of the downloadable template, in its order (the README documents them). */
export const TEMPLATE_HEADERS: Record<CooperativeColumn, string> = {
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
