import { describe, expect, it } from 'vitest';
import { maskPhone } from '../../../../src/adapters/web/directory-parts.js';
import { canManageCooperative, canRevokeRole } from '../../../../src/services/access/directory-access.js';

const province = { personId: 1, role: 'officer', province: 'Đắk Lắk', commune: null };
const commune = { personId: 2, role: 'officer', province: 'Đắk Lắk', commune: 'Xã Hòa Phú' };
const admin = { personId: 3, role: 'admin', province: null, commune: null };
const provinceAdmin = { personId: 4, role: 'admin', province: 'Đắk Lắk', commune: null };
const hoaPhu = { province: 'Đắk Lắk', commune: 'Xã Hòa Phú' };
const tanLap = { province: 'Đắk Lắk', commune: 'Phường Tân Lập' };
const person = (role: string, o: Partial<Parameters<typeof canRevokeRole>[1]> = {}) => ({
  id: 50,
  role,
  cooperative: hoaPhu,
  province: null,
  commune: null,
  ...o,
});

describe('who manages which cooperative', () => {
  it('follows the jurisdiction: the country, a province, one commune', () => {
    expect(canManageCooperative(admin, tanLap)).toBe(true);
    expect(canManageCooperative(province, tanLap)).toBe(true);
    expect(canManageCooperative(province, { province: 'Lâm Đồng', commune: 'Xã Xuân Thọ' })).toBe(false);
    expect(canManageCooperative(commune, hoaPhu)).toBe(true);
    expect(canManageCooperative(commune, tanLap)).toBe(false);
    expect(canManageCooperative({ ...commune, role: 'director' }, hoaPhu)).toBe(false);
  });
});

describe('who may revoke whose role', () => {
  it('lets officers revoke directors and members of their area only', () => {
    expect(canRevokeRole(commune, person('director'))).toBe('ok');
    expect(canRevokeRole(commune, person('member', { cooperative: tanLap }))).toBe('outside_jurisdiction');
    expect(canRevokeRole(province, person('member', { cooperative: tanLap }))).toBe('ok');
  });
  it("keeps an officer's role for admins of their area, never an admin's or one's own", () => {
    const officer = person('officer', { cooperative: null, province: 'Đắk Lắk', commune: 'Xã Hòa Phú' });
    expect(canRevokeRole(province, officer)).toBe('not_allowed');
    expect(canRevokeRole(admin, officer)).toBe('ok');
    expect(canRevokeRole(provinceAdmin, officer)).toBe('ok');
    expect(canRevokeRole(provinceAdmin, person('officer', { cooperative: null, province: null }))).toBe('outside_jurisdiction');
    expect(canRevokeRole(admin, person('admin', { cooperative: null }))).toBe('not_allowed');
    expect(canRevokeRole(province, { ...person('officer', { cooperative: null, province: 'Đắk Lắk' }), id: province.personId })).toBe('not_allowed');
    expect(canRevokeRole(province, person('guest', { cooperative: null }))).toBe('not_allowed');
  });
});

describe('phones on list pages', () => {
  it('show the first and last three digits of the national form only', () => {
    expect(maskPhone('+84912345678')).toBe('091••••678');
    expect(maskPhone('0912 345 678')).toBe('091••••678');
    expect(maskPhone(null)).toBe('—');
    expect(maskPhone('123')).toBe('•••');
  });
});
