import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_PLAN_TARGETS_FILE, loadConfig } from '../../../../src/config/env.js';
import { DEMO } from '../../../../src/services/cooperatives/bind-demo-role.js';
import {
  INDICATOR_KEYS,
  loadPlanTargets,
  parsePlanTargets,
  PlanTargetsError,
  readPlanTargetsFile,
  targetSetForPeriod,
  targetSetsFor,
  type PlanTargets,
} from '../../../../src/services/targets/plan-targets.js';

/** The problems a broken source is refused with. */
function problems(source: string): string[] {
  try {
    parsePlanTargets(source, 'targets.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(PlanTargetsError);
    expect((e as Error).message).toContain('Plan targets file targets.yaml is not valid');
    return (e as PlanTargetsError).problems;
  }
  throw new Error('expected the file to be refused');
}

const GOOD = `# a comment
sets:
  - id: tn-2025
    name: Thái Nguyên — kế hoạch 2021–2025
    province: Thái Nguyên
    year: 2025
    targets:
      good_fair_share: 60
      enterprise_link_share: 35
      high_tech_count: 60
      revenue_growth_pct: -5
  - id: vn-2030
    name: Cả nước 2030
    year: 2030
    targets: {}
`;

describe('parsePlanTargets', () => {
  it('reads target sets, national ones with province null', () => {
    expect(parsePlanTargets(GOOD)).toEqual({
      sets: [
        {
          id: 'tn-2025',
          name: 'Thái Nguyên — kế hoạch 2021–2025',
          province: 'Thái Nguyên',
          year: 2025,
          targets: { good_fair_share: 60, enterprise_link_share: 35, high_tech_count: 60, revenue_growth_pct: -5 },
        },
        { id: 'vn-2030', name: 'Cả nước 2030', province: null, year: 2030, targets: {} },
      ],
    });
  });

  it('reads an empty file, or one of comments only, as no targets', () => {
    expect(parsePlanTargets('')).toEqual({ sets: [] });
    expect(parsePlanTargets('# nothing yet\n')).toEqual({ sets: [] });
    expect(parsePlanTargets('sets: []\n')).toEqual({ sets: [] });
  });

  it('names the line and the field of a wrong value', () => {
    expect(problems(GOOD.replace('good_fair_share: 60', 'good_fair_share: 160'))).toEqual([
      'line 8, sets[0].targets.good_fair_share: must be a percent from 0 to 100',
    ]);
    expect(problems(GOOD.replace('high_tech_count: 60', 'high_tech_count: "sáu mươi"'))).toEqual([
      'line 10, sets[0].targets.high_tech_count: must be a number (got "sáu mươi")',
    ]);
    expect(problems(GOOD.replace('high_tech_count: 60', 'high_tech_count: 60.5'))).toEqual([
      'line 10, sets[0].targets.high_tech_count: must be a whole number',
    ]);
    expect(problems(GOOD.replace('year: 2030', 'year: 30'))).toEqual(['line 14, sets[1].year: must be a year from 2000 to 2100']);
  });

  it('names a missing field at its set, and an unknown indicator or field at its own line', () => {
    expect(problems(GOOD.replace('    year: 2030\n', ''))).toEqual(['line 12, sets[1].year: is required']);
    expect(problems(GOOD.replace('enterprise_link_share: 35', 'enterprise_share: 35'))).toEqual([
      `line 9, sets[0].targets.enterprise_share: unknown indicator (known: ${INDICATOR_KEYS.join(', ')})`,
    ]);
    expect(problems(GOOD.replace('    year: 2030\n', '    year: 2030\n    nam: 2030\n'))).toEqual(['line 15, sets[1].nam: unknown field']);
  });

  it('refuses a bad or repeated id', () => {
    expect(problems(GOOD.replace('id: vn-2030', 'id: Cả nước'))[0]).toMatch(/^line 12, sets\[1\]\.id: must be 1–32 characters/);
    expect(problems(GOOD.replace('id: vn-2030', 'id: tn-2025'))).toEqual(['line 12, sets[1].id: "tn-2025" is already the id of sets[0]']);
  });

  it('names the line of a YAML syntax error', () => {
    const [p, ...rest] = problems('sets:\n  - id: a\n   year: [\n');
    expect(p).toMatch(/at line 3, column \d+.*\(not valid YAML\)$/);
    expect(rest.every((r) => r.endsWith('(not valid YAML)'))).toBe(true);
    expect(problems('sets:\n  - id: a\n    id: b\n')[0]).toMatch(/line 3.*not valid YAML/);
  });

  it('refuses a file that is not a mapping of sets', () => {
    expect(problems('- id: a\n')).toEqual(['line 1, the file: must be a mapping (key: value lines) (got [{"id":"a"}])']);
    expect(problems('sets: 2025\n')).toEqual(['line 1, sets: must be a list (got 2025)']);
  });
});

describe('loadPlanTargets and the project file', () => {
  it('ships a valid file with a 2025 and a 2030 set for the demo province', () => {
    const targets = loadPlanTargets(DEFAULT_PLAN_TARGETS_FILE);
    const demo = targetSetsFor(targets, DEMO.province);
    expect(demo.map((s) => s.year)).toEqual([2025, 2030]);
    for (const s of demo) expect(Object.keys(s.targets).sort()).toEqual([...INDICATOR_KEYS].sort());
    expect(targetSetsFor(targets, null).map((s) => s.id)).toEqual(['vn-2025', 'vn-2030']);
  });

  it('allows the default file to be absent, but not a file named in PLAN_TARGETS_FILE', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'targets-'));
    const missing = path.join(dir, 'none.yaml');
    expect(readPlanTargetsFile({ file: missing, required: false })).toEqual({ sets: [] });
    expect(() => readPlanTargetsFile({ file: missing, required: true })).toThrow(/none\.yaml is not valid:\n {2}- cannot be read: no such file/);
  });

  it('is read by loadConfig, which names the variable, the file, the line and the field', () => {
    expect(loadConfig({}).planTargets.sets.length).toBeGreaterThanOrEqual(2);
    const dir = mkdtempSync(path.join(tmpdir(), 'targets-'));
    const file = path.join(dir, 'plan.yaml');
    writeFileSync(file, GOOD.replace('good_fair_share: 60', 'good_fair_share: -1'));
    let err: unknown;
    try {
      loadConfig({ PLAN_TARGETS_FILE: file, HTTP_PORT: 'abc' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).issues).toEqual([
      expect.stringMatching(/^HTTP_PORT: /),
      `PLAN_TARGETS_FILE: ${file}: line 8, sets[0].targets.good_fair_share: must be a percent from 0 to 100`,
    ]);
    writeFileSync(file, GOOD);
    expect(loadConfig({ PLAN_TARGETS_FILE: file }).planTargets.sets.map((s) => s.id)).toEqual(['tn-2025', 'vn-2030']);
  });
});

describe('choosing target sets', () => {
  const set = (id: string, province: string | null, year: number) => ({ id, name: id, province, year, targets: {} });
  const targets: PlanTargets = {
    sets: [set('tn-2030', 'Thái Nguyên', 2030), set('vn-2030', null, 2030), set('tn-2025', 'Thái Nguyên', 2025), set('vn-2025', null, 2025)],
  };

  it("uses a province's own sets, else the national ones, by year", () => {
    expect(targetSetsFor(targets, 'Thái Nguyên').map((s) => s.id)).toEqual(['tn-2025', 'tn-2030']);
    expect(targetSetsFor(targets, 'Nam Định').map((s) => s.id)).toEqual(['vn-2025', 'vn-2030']);
    expect(targetSetsFor(targets, null).map((s) => s.id)).toEqual(['vn-2025', 'vn-2030']);
    expect(targetSetsFor({ sets: [] }, 'Thái Nguyên')).toEqual([]);
  });

  it('measures a year against the nearest target year at or after it, else the latest', () => {
    const sets = targetSetsFor(targets, 'Thái Nguyên');
    expect(targetSetForPeriod(sets, '2024')?.id).toBe('tn-2025');
    expect(targetSetForPeriod(sets, '2025')?.id).toBe('tn-2025');
    expect(targetSetForPeriod(sets, '2026')?.id).toBe('tn-2030');
    expect(targetSetForPeriod(sets, '2031')?.id).toBe('tn-2030');
    expect(targetSetForPeriod([], '2026')).toBeNull();
    expect(targetSetForPeriod(sets, 'năm nay')).toBeNull();
  });
});
