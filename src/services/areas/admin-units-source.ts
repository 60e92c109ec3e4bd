/**
 * The date and the official documents the shipped units rest on (see knowledge/units/README.md).
 * tools/admin-units/build-admin-units.ts writes the same list into the JSON files.
 */
export const ADMIN_UNITS_SOURCE: { asOf: '2025-07-01'; documents: string[] } = {
  asOf: '2025-07-01',
  documents: [
    'Công văn 915/CTK-CSCL của Cục Thống kê (mã số 34 đơn vị hành chính cấp tỉnh)',
    'Công văn 1027/CTK-CSCL ngày 25/6/2025 của Cục Thống kê, Phụ lục I (danh mục và mã số đơn vị hành chính cấp xã)',
    'Nghị quyết 202/2025/QH15 ngày 12/6/2025 của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh (theo phương án của Nghị quyết 60-NQ/TW ngày 12/4/2025)',
    'Nghị quyết 1654/NQ-UBTVQH15 … 1687/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính cấp xã của từng tỉnh',
  ],
};
