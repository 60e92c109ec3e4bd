import { existsSync, readFileSync } from 'node:fs';
import { isMap, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { parsePeriodId } from '../reports/report-schedule.js';

/**
 * The plan indicators a deployment can set targets for, measured from the annual reports
 * (see compute-plan-summary.ts for how each is computed). Labels: `targets.indicators.<key>`.
 */
export const INDICATOR_KEYS = [
  'good_fair_share',
  'enterprise_link_share',
  'managers_trained_share',
  'high_tech_count',
  'digital_share',
  'revenue_growth_pct',
  'cooperatives_count',
  'groups_count',
] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

/** Percent shares (0–100) and counts; revenue growth is a percent that may be negative. */
export const INDICATOR_UNITS: Record<IndicatorKey, 'percent' | 'count'> = {
  good_fair_share: 'percent',
  enterprise_link_share: 'percent',
  managers_trained_share: 'percent',
  high_tech_count: 'count',
  digital_share: 'percent',
  revenue_growth_pct: 'percent',
  cooperatives_count: 'count',
  groups_count: 'count',
};

/** One plan's targets: a province's (or, with no province, the country's) figures for a year. */
export interface TargetSet {
  id: string;
  name: string;
  province: string | null;
  year: number;
  targets: Partial<Record<IndicatorKey, number>>;
}

export interface PlanTargets {
  sets: TargetSet[];
}

const share = z.number().min(0, 'must be a percent from 0 to 100').max(100, 'must be a percent from 0 to 100');
const count = z.number().int('must be a whole number').min(0, 'must be 0 or more');
const TARGET_SCHEMAS: Record<IndicatorKey, z.ZodNumber> = {
  good_fair_share: share,
  enterprise_link_share: share,
  managers_trained_share: share,
  high_tech_count: count,
  digital_share: share,
  revenue_growth_pct: z.number().min(-100, 'must be a percent from -100 up').max(10_000, 'must be a percent up to 10000'),
  cooperatives_count: count,
  groups_count: count,
};

const TargetSetSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,31}$/, 'must be 1–32 characters of a–z, 0–9, "_", "." or "-" (it goes into button ids), e.g. demo-2030'),
  name: z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters'),
  province: z.string().trim().min(1, 'must not be empty (leave it out, or write null, for national targets)').nullable().default(null),
  year: z.number().int('must be a year such as 2030').min(2000, 'must be a year from 2000 to 2100').max(2100, 'must be a year from 2000 to 2100'),
  targets: z.strictObject(TARGET_SCHEMAS).partial(),
});

const FileSchema = z.strictObject({ sets: z.array(TargetSetSchema).default([]) }).superRefine((file, ctx) => {
  const seen = new Map<string, number>();
  file.sets.forEach((s, i) => {
    const first = seen.get(s.id);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['sets', i, 'id'], message: `"${s.id}" is already the id of sets[${first}]` });
    else seen.set(s.id, i);
  });
});

/** A target file that cannot be used; `problems` name the line and the field of each. */
export class PlanTargetsError extends Error {
  override name = 'PlanTargetsError';
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Plan targets file ${file} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** How a wrong type is named in a problem (other checks carry their own message). */
const KINDS: Record<string, string> = { number: 'a number', string: 'text', array: 'a list', object: 'a mapping (key: value lines)' };

const pathText = (path: readonly PropertyKey[]) =>
  path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${String(p)}` : String(p)), '');

/** The line of the deepest node on `path` that exists (an unknown key: that key's own line). */
function lineOf(doc: Document, lines: LineCounter, path: readonly PropertyKey[], unknownKey?: string): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (!node?.range) continue;
    if (unknownKey && n === path.length && isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === unknownKey);
      const range = (pair?.key as { range?: [number, number, number] } | null)?.range;
      if (range) return lines.linePos(range[0]).line;
    }
    return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

/**
 * Reads target sets from YAML text (see config/plan-targets.yaml for the format). Throws
 * PlanTargetsError naming the line and field of every problem. A file with nothing in it (or only
 * comments) has no targets.
 */
export function parsePlanTargets(source: string, file = 'plan targets'): PlanTargets {
  const lines = new LineCounter();
  const doc = parseDocument(source.normalize('NFC'), { lineCounter: lines, uniqueKeys: true });
  if (doc.errors.length)
    throw new PlanTargetsError(
      file,
      doc.errors.map((e) => `${e.message.split('\n')[0]} (not valid YAML)`),
    );
  const raw = doc.toJS() ?? {};
  const parsed = FileSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((i) => {
      const keys = i.code === 'unrecognized_keys' ? i.keys : [undefined];
      return keys.map((key) => {
        const line = lineOf(doc, lines, i.path, key);
        const where = pathText(key ? [...i.path, key] : i.path) || 'the file';
        const what =
          key && i.path.at(-1) === 'targets'
            ? `unknown indicator (known: ${INDICATOR_KEYS.join(', ')})`
            : key
              ? 'unknown field'
              : i.code === 'invalid_type' && i.input === undefined
                ? 'is required'
                : i.code === 'invalid_type' && i.expected in KINDS
                  ? `must be ${KINDS[i.expected]} (got ${JSON.stringify(i.input)?.slice(0, 40)})`
                  : i.message;
        return `${line ? `line ${line}, ` : ''}${where}: ${what}`;
      });
    });
    throw new PlanTargetsError(file, problems);
  }
  return { sets: parsed.data.sets.map((s) => ({ ...s, targets: { ...s.targets } })) };
}

/** Reads and checks a target file (throws PlanTargetsError naming the line and field of each problem). */
export function loadPlanTargets(file: string): PlanTargets {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (e) {
    throw new PlanTargetsError(file, [`cannot be read: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`]);
  }
  return parsePlanTargets(source, file);
}

/** The deployment's targets: `required` (named in PLAN_TARGETS_FILE) must exist; the default file may be absent. */
export function readPlanTargetsFile(o: { file: string; required: boolean }): PlanTargets {
  if (!o.required && !existsSync(o.file)) return { sets: [] };
  return loadPlanTargets(o.file);
}

/**
 * The target sets that apply to an area, by year: the province's own sets, or, when it has none
 * (or for the whole country, `province` null), the national sets (those without a province).
 */
export function targetSetsFor(targets: PlanTargets, province: string | null): TargetSet[] {
  const own = province ? targets.sets.filter((s) => s.province === province) : [];
  const sets = own.length ? own : targets.sets.filter((s) => s.province === null);
  return [...sets].sort((a, b) => a.year - b.year || a.id.localeCompare(b.id));
}

/** The set a period is measured against: the nearest target year at or after the period's year, else the latest. */
export function targetSetForPeriod(sets: readonly TargetSet[], period: string): TargetSet | null {
  const year = parsePeriodId(period)?.year;
  if (year === undefined || !sets.length) return null;
  const byYear = [...sets].sort((a, b) => a.year - b.year);
  return byYear.find((s) => s.year >= year) ?? byYear.at(-1)!;
}
