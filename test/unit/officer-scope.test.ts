import { describe, expect, it } from 'vitest';
import { scopeWithin } from '../../src/services/access/officer-scope.js';

describe('scopeWithin', () => {
  const national = { province: null, commune: null };
  const province = { province: 'Tỉnh A', commune: null };
  const commune = { province: 'Tỉnh A', commune: 'Xã B' };

  it('lets a national officer read any area, or the country', () => {
    expect(scopeWithin(national)).toEqual({ ok: true, scope: {} });
    expect(scopeWithin(national, { province: 'Tỉnh C', commune: 'Xã D' })).toEqual({ ok: true, scope: { province: 'Tỉnh C', commune: 'Xã D' } });
    expect(scopeWithin(national, { commune: 'Xã D' })).toEqual({ ok: false, reason: 'commune_needs_province' });
  });

  it('keeps a province officer in their province', () => {
    expect(scopeWithin(province)).toEqual({ ok: true, scope: { province: 'Tỉnh A' } });
    expect(scopeWithin(province, { commune: 'Xã B' })).toEqual({ ok: true, scope: { province: 'Tỉnh A', commune: 'Xã B' } });
    expect(scopeWithin(province, { province: 'Tỉnh C' })).toEqual({ ok: false, reason: 'outside_jurisdiction' });
  });

  it('keeps a commune officer in their commune', () => {
    expect(scopeWithin(commune)).toEqual({ ok: true, scope: { province: 'Tỉnh A', commune: 'Xã B' } });
    expect(scopeWithin(commune, { province: 'Tỉnh A' })).toEqual({ ok: true, scope: { province: 'Tỉnh A', commune: 'Xã B' } });
    expect(scopeWithin(commune, { commune: 'Xã E' })).toEqual({ ok: false, reason: 'outside_jurisdiction' });
    expect(scopeWithin(commune, { province: 'Tỉnh C', commune: 'Xã B' })).toEqual({ ok: false, reason: 'outside_jurisdiction' });
  });
});
