import { describe, expect, it } from 'vitest';
import {
  ADMIN_UNITS_SOURCE,
  findCommune,
  findNewProvinceForOld,
  findProvince,
  listCommunes,
  listOldUnitCandidates,
  listProvinces,
  suggestFromOldUnit,
} from '../../../../src/services/areas/areas.js';

const found = <T>(m: { found: T } | object) => ('found' in m ? (m.found as T) : undefined);

describe('provinces', () => {
  it('lists the 34 provinces with the official names of Công văn 915', () => {
    const provinces = listProvinces();
    expect(provinces).toHaveLength(34);
    expect(provinces[0]).toEqual({ code: '01', name: 'Thành phố Hà Nội' });
    expect(provinces.map((p) => p.name)).toContain('Đắk Lắk');
    expect(ADMIN_UNITS_SOURCE.asOf).toBe('2025-07-01');
    expect(ADMIN_UNITS_SOURCE.documents.join(' ')).toContain('1027/CTK-CSCL');
  });

  it.each([
    ['Đắk Lắk', 'Đắk Lắk'],
    ['dak lak', 'Đắk Lắk'],
    ['Tỉnh Đăk Lăk', 'Đắk Lắk'],
    ['  DAK   LAK ', 'Đắk Lắk'],
    ['daklak', 'Đắk Lắk'],
    ['ha noi', 'Thành phố Hà Nội'],
    ['TP. Hà Nội', 'Thành phố Hà Nội'],
    ['thanh pho ha noi', 'Thành phố Hà Nội'],
    ['TP HCM', 'Thành phố Hồ Chí Minh'],
    ['tp.hcm', 'Thành phố Hồ Chí Minh'],
    ['HCM', 'Thành phố Hồ Chí Minh'],
    ['Hồ Chí Minh', 'Thành phố Hồ Chí Minh'],
    ['thanh hoa', 'Thanh Hóa'],
    ['Thanh Hoá', 'Thanh Hóa'],
    ['Khánh Hoà', 'Khánh Hòa'],
    ['hue', 'Thành phố Huế'],
    ['Đắk Lắk'.normalize('NFD'), 'Đắk Lắk'],
  ])('finds %j → %s', (typed, name) => {
    expect(found<{ name: string }>(findProvince(typed))?.name).toBe(name);
  });

  it('offers close names for a misspelt province, and nothing for nonsense', () => {
    const m = findProvince('Dak Lac');
    expect('none' in m && m.suggestions.map((p) => p.name)).toContain('Đắk Lắk');
    expect(findProvince('Tỉnh Demo')).toEqual({ none: true, suggestions: [] });
    expect(findProvince('')).toEqual({ none: true, suggestions: [] });
  });

  it('maps old provinces to the new ones (Nghị quyết 202/2025/QH15)', () => {
    expect(findNewProvinceForOld('Tiền Giang')?.name).toBe('Đồng Tháp');
    expect(findNewProvinceForOld('tinh binh duong')?.name).toBe('Thành phố Hồ Chí Minh');
    expect(findNewProvinceForOld('Bà Rịa - Vũng Tàu')?.name).toBe('Thành phố Hồ Chí Minh');
    expect(findNewProvinceForOld('Hoà Bình')?.name).toBe('Phú Thọ');
    expect(findNewProvinceForOld('Hà Giang')?.name).toBe('Tuyên Quang');
    expect(findNewProvinceForOld('Kon Tum')?.name).toBe('Quảng Ngãi');
    expect(findNewProvinceForOld('Dak Nong')?.name).toBe('Lâm Đồng');
    expect(findNewProvinceForOld('tinh Đăk Nông')?.name).toBe('Lâm Đồng');
    expect(findNewProvinceForOld('Hà Nội')?.name).toBe('Thành phố Hà Nội');
    expect(findNewProvinceForOld('Đồng Tháp')?.name).toBe('Đồng Tháp');
    expect(findNewProvinceForOld('Atlantis')).toBeUndefined();
  });
});

describe('communes', () => {
  it('lists a province by a typed name, in the order of Công văn 1027', () => {
    const communes = listCommunes('dak lak');
    expect(communes).toHaveLength(102);
    expect(communes.every((c) => c.province === 'Đắk Lắk')).toBe(true);
    expect(communes.filter((c) => c.kind === 'phuong')).toHaveLength(14);
    expect(listCommunes('Tỉnh Demo')).toEqual([]);
  });

  it.each([
    ['Thành phố Hà Nội', 'Phường Hoàn Kiếm', 'Phường Hoàn Kiếm'],
    ['ha noi', 'phuong hoan kiem', 'Phường Hoàn Kiếm'],
    ['ha noi', 'P. Hoàn Kiếm', 'Phường Hoàn Kiếm'],
    ['ha noi', 'hoan kiem', 'Phường Hoàn Kiếm'],
    ['ha noi', '00070', 'Phường Hoàn Kiếm'],
    ['ha noi', 'Văn Miếu - Quốc Tử Giám', 'Phường Văn Miếu - Quốc Tử Giám'],
    ['ha noi', 'phuong van mieu quoc tu giam', 'Phường Văn Miếu - Quốc Tử Giám'],
    ['ha noi', 'Văn Miếu-Quốc Tử Giám', 'Phường Văn Miếu - Quốc Tử Giám'],
    ['An Giang', 'dac khu phu quoc', 'Đặc khu Phú Quốc'],
    ['an giang', 'Phú Quốc', 'Đặc khu Phú Quốc'],
    ['dak lak', "xa ea h'leo", "Xã Ea H'Leo"],
    ['dak lak', 'Ea HLeo', "Xã Ea H'Leo"],
    ['dak lak', 'x. Buôn Đôn', 'Xã Buôn Đôn'],
    ['Đồng Tháp', 'thị trấn Tân Hồng', 'Xã Tân Hồng'],
    ['dong thap', 'tan hong', 'Xã Tân Hồng'],
  ])('in %s finds %j → %s', (province, typed, name) => {
    expect(found<{ name: string }>(findCommune(province, typed))?.name).toBe(name);
  });

  it('"xa tan lap" → "Xã Tân Lập" where the province has one', () => {
    const withTanLap = listProvinces().filter((p) => listCommunes(p.name).some((c) => c.name === 'Xã Tân Lập'));
    expect(withTanLap.length).toBeGreaterThan(0);
    for (const p of withTanLap) expect(found<{ name: string }>(findCommune(p.name, 'xa tan lap'))?.name).toBe('Xã Tân Lập');
  });

  it('tells apart names that differ only by their marks, and says when the folded name is not enough', () => {
    expect(found<{ name: string }>(findCommune('Thái Nguyên', 'Văn Lăng'))?.name).toBe('Xã Văn Lăng');
    expect(found<{ name: string }>(findCommune('Thái Nguyên', 'xã Văn Lang'))?.name).toBe('Xã Văn Lang');
    const folded = findCommune('Thái Nguyên', 'xa van lang');
    expect('ambiguous' in folded && folded.ambiguous.map((c) => c.name).sort()).toEqual(['Xã Văn Lang', 'Xã Văn Lăng'].sort());
    // A xã and a phường of Thanh Hóa fold alike: the kind typed settles it.
    const both = findCommune('thanh hoa', 'dong tien');
    expect('ambiguous' in both && both.ambiguous.map((c) => c.name).sort()).toEqual(['Phường Đông Tiến', 'Xã Đồng Tiến']);
    expect(found<{ name: string }>(findCommune('thanh hoa', 'phuong dong tien'))?.name).toBe('Phường Đông Tiến');
    expect(found<{ name: string }>(findCommune('thanh hoa', 'xa dong tien'))?.name).toBe('Xã Đồng Tiến');
  });

  it('offers close names ("did you mean") and no wrong kind', () => {
    const typo = findCommune('ha noi', 'hoan kiemm');
    expect('none' in typo && typo.suggestions.map((c) => c.name)).toContain('Phường Hoàn Kiếm');
    const wrongKind = findCommune('ha noi', 'xã Hoàn Kiếm');
    expect('none' in wrongKind && wrongKind.suggestions.map((c) => c.name)).toEqual(['Phường Hoàn Kiếm']);
    expect(findCommune('Tỉnh Demo', 'Xã Tân Lập')).toEqual({ none: true, suggestions: [] });
  });
});

describe('old units → new communes', () => {
  it('follows Nghị quyết 1663/NQ-UBTVQH15: thị trấn Sa Rài, xã Bình Phú (huyện Tân Hồng) → xã Tân Hồng', () => {
    for (const typed of ['TT Sa Rài', 'thị trấn Sa Rài', 'tt sa rai', 'Sa Rài']) {
      const s = suggestFromOldUnit('Đồng Tháp', typed);
      expect(s?.old).toBe('Thị trấn Sa Rài');
      expect(s?.targets.map((t) => [t.commune.name, t.partial])).toEqual([['Xã Tân Hồng', false]]);
      expect(s?.resolution).toBe('1663/NQ-UBTVQH15');
    }
    // Two old "xã Bình Phú" in the new Đồng Tháp: the district tells them apart.
    expect(suggestFromOldUnit('Đồng Tháp', 'Xã Bình Phú')).toBeUndefined();
    expect(listOldUnitCandidates('dong thap', 'xa binh phu').length).toBeGreaterThan(1);
    const s = suggestFromOldUnit('dong thap', 'xa binh phu', 'huyện Tân Hồng');
    expect(s).toMatchObject({ old: 'Xã Bình Phú', oldDistrict: 'huyện Tân Hồng' });
    expect(s?.targets.map((t) => t.commune.name)).toEqual(['Xã Tân Hồng']);
    // An old province name (Tiền Giang) leads to the new one (Đồng Tháp).
    expect(suggestFromOldUnit('Tiền Giang', 'Bình Phú', 'Gò Công Tây')?.targets.map((t) => t.commune.name)).toEqual(['Xã Phú Thành']);
  });

  it('keeps partial moves apart (Nghị quyết 1654/NQ-UBTVQH15, An Giang, khoản 1 and 3)', () => {
    const s = suggestFromOldUnit('An Giang', 'xã Phú Hội');
    expect(s?.targets.map((t) => [t.commune.name, t.partial])).toEqual([
      ['Xã An Phú', true],
      ['Xã Nhơn Hội', true],
    ]);
  });

  it('keeps apart old units of the same name that the resolution does not qualify (the numbered wards of Hồ Chí Minh City)', () => {
    const wards = listOldUnitCandidates('tp hcm', 'Phường 1');
    expect(wards.length).toBeGreaterThan(5);
    for (const w of wards) expect(w.targets).toHaveLength(1);
    expect(suggestFromOldUnit('tp hcm', 'Phường 1')).toBeUndefined();
  });

  it('reads "toàn bộ diện tích tự nhiên" without the population as a part (Hà Tĩnh, xã Kỳ Lợi)', () => {
    expect(suggestFromOldUnit('ha tinh', 'xã Kỳ Lợi')?.targets.map((t) => [t.commune.name, t.partial])).toEqual([
      ['Phường Vũng Áng', true],
      ['Phường Sông Trí', true],
      ['Phường Hoành Sơn', true],
    ]);
  });

  it('a renamed unit and a unit kept unchanged (Đắk Lắk, Nghị quyết 1660/NQ-UBTVQH15)', () => {
    expect(suggestFromOldUnit('dak lak', 'xã Krông Na')?.targets.map((t) => t.commune.name)).toEqual(['Xã Buôn Đôn']);
    expect(suggestFromOldUnit('dak lak', 'Vụ Bổn')?.targets.map((t) => t.commune.name)).toEqual(['Xã Vụ Bổn']);
  });
});
