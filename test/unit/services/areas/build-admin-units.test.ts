import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAdminUnits, serialiseOldToNew, serialiseUnits, unitsDir } from '../../../../tools/admin-units/build-admin-units.js';

describe('the shipped administrative units', () => {
  const { units, oldToNew, report } = buildAdminUnits();

  it('are exactly what the build makes of the official texts in knowledge/units/sources/', () => {
    // Stale? Run `npx tsx tools/admin-units/build-admin-units.ts`.
    expect(readFileSync(path.join(unitsDir, 'units.json'), 'utf8')).toBe(serialiseUnits(units));
    expect(readFileSync(path.join(unitsDir, 'old-to-new.json'), 'utf8')).toBe(serialiseOldToNew(oldToNew));
  });

  it('count 34 provinces from 63 old ones, and 3,321 communes: 2,621 xã, 687 phường, 13 đặc khu', () => {
    expect(report.provinces).toBe(34);
    expect(report.oldProvinces).toBe(63);
    expect(report.communes).toBe(3321);
    expect(report.byKind).toEqual({ xa: 2621, phuong: 687, dac_khu: 13 });
  });

  it('name every new commune of a province as a target or a kept unit of its resolution, and read every clause', () => {
    expect(report.problems).toEqual([]);
    expect(oldToNew.provinces).toHaveLength(34);
    expect(new Set(oldToNew.provinces.map((p) => p.resolution)).size).toBe(34);
    expect(report.oldUnits).toBeGreaterThan(9000);
  });
});
