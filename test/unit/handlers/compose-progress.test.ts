import { describe, expect, it } from 'vitest';
import { progressOf, provinceName, type AnnData, type Step } from '../../../src/handlers/announcements/compose-state.js';

const provinceOfficer = { province: 'Tỉnh Demo', commune: null };
const communeOfficer = { province: 'Tỉnh Demo', commune: 'Xã An Phú' };

describe('progressOf', () => {
  it('keeps the total from the first answer to the preview, whatever follow-ups are opened', () => {
    const walk: [Step, AnnData][] = [
      ['title', { kind: 'training' }],
      ['area', { kind: 'training', audience: 'directors' }],
      ['communes', { kind: 'training', audience: 'directors', area: 'communes' }],
      ['filter', { kind: 'training', area: 'communes' }],
      ['sectors', { kind: 'training', area: 'communes', filter: 'sectors' }],
      ['when', { kind: 'training', area: 'communes', filter: 'sectors' }],
      ['sendat', { kind: 'training', area: 'communes', filter: 'sectors', when: 'later' }],
      ['preview', { kind: 'training', area: 'communes', filter: 'sectors', when: 'later' }],
    ];
    const seen = walk.map(([step, d]) => progressOf(d, provinceOfficer, step));
    expect(seen.map((p) => p.total)).toEqual(Array(walk.length).fill(11));
    expect(seen.map((p) => p.n)).toEqual([2, 8, 8, 9, 9, 10, 10, 11]);
    expect(seen.map((p) => p.more)).toEqual([false, false, true, false, true, false, true, false]);
  });

  it('has no total before the kind is chosen, and a shorter one for a notice or a commune officer', () => {
    expect(progressOf({}, provinceOfficer, 'kind')).toEqual({ n: 1, total: undefined, more: false });
    expect(progressOf({ kind: 'other' }, provinceOfficer, 'audience').total).toBe(8);
    expect(progressOf({ kind: 'training' }, communeOfficer, 'filter')).toEqual({ n: 8, total: 10, more: false });
  });
});

describe('provinceName', () => {
  it.each([
    ['Tỉnh Demo', 'Demo', false],
    ['tinh Demo', 'Demo', false],
    ['Thành phố Huế', 'Huế', true],
    ['TP. Hồ Chí Minh', 'Hồ Chí Minh', true],
    ['Lâm Đồng', 'Lâm Đồng', false],
  ])('%s → %s', (full, name, city) => {
    expect(provinceName(full)).toEqual({ name, city });
  });
});
