import ExcelJS from 'exceljs';
import { readLocaleFiles } from '../../i18n/i18n.js';
import { TEMPLATE_HEADERS, type CooperativeColumn } from './register-columns.js';
import { sectorCodes } from './register-values.js';

/** The template's one example row (the README shows the same). */
export const TEMPLATE_EXAMPLE: Record<CooperativeColumn, string> = {
  name: 'HTX Nông nghiệp Tân Lập',
  registration_code: '6001234567',
  commune: 'Xã Tân Lập',
  sector: 'Nông nghiệp',
  kind: 'HTX',
  director: 'Nguyễn Văn An',
  phone: '0912 345 678',
  district: '',
  province: '',
};

/**
 * The register template (XLSX): a sheet "Danh sách HTX" with the Vietnamese headers and one example
 * row (phone and code columns as text, so Excel keeps a leading 0), and a sheet "Hướng dẫn" listing
 * what each column takes. The import reads the first sheet with a header row, so the guide is ignored.
 */
export async function buildRegisterTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Danh sách HTX', { views: [{ state: 'frozen', ySplit: 1 }] });
  const columns = Object.keys(TEMPLATE_HEADERS) as CooperativeColumn[];
  ws.columns = columns.map((c) => ({
    header: TEMPLATE_HEADERS[c],
    key: c,
    width: c === 'name' ? 40 : c === 'director' || c === 'commune' ? 24 : 16,
    style: c === 'phone' || c === 'registration_code' ? { numFmt: '@' } : {},
  }));
  ws.getRow(1).font = { bold: true };
  ws.addRow(TEMPLATE_EXAMPLE);
  const vi = readLocaleFiles().vi?.announcements as { announcements?: { sector?: Record<string, string> } } | undefined;
  const sectors = sectorCodes().map((s) => vi?.announcements?.sector?.[s] ?? s);
  const guide = wb.addWorksheet('Hướng dẫn');
  guide.columns = [{ width: 22 }, { width: 100 }];
  const lines: [string, string][] = [
    ['Cột', 'Cách ghi'],
    ['Tên HTX', 'Bắt buộc. Tên đầy đủ của HTX, liên hiệp HTX hoặc tổ hợp tác.'],
    ['Mã số HTX', 'Mã số đăng ký (nếu có). Dùng để nhận ra HTX khi nhập lại; không có thì nhận theo tên và xã/phường.'],
    ['Xã/Phường', 'Bắt buộc. Tên xã, phường, đặc khu sau ngày 1/7/2025, ví dụ «Xã Tân Lập» (gõ không dấu cũng được).'],
    ['Lĩnh vực', sectors.join(', ')],
    ['Loại hình', 'HTX, Liên hiệp HTX hoặc Tổ hợp tác (để trống: HTX).'],
    ['Giám đốc', 'Họ tên giám đốc (chủ nhiệm).'],
    ['Điện thoại', 'Số điện thoại của giám đốc, ví dụ 0912 345 678.'],
    ['Huyện, Tỉnh', 'Không bắt buộc: huyện cũ và tỉnh, khi danh sách còn ghi đơn vị hành chính cũ (hệ thống gợi ý đơn vị mới để xác nhận).'],
  ];
  for (const l of lines) guide.addRow(l);
  guide.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
