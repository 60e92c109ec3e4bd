import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadArticles } from '../../../../src/services/knowledge/load-articles.js';
import { loadDocumentStatuses, loadLawTexts } from '../../../../src/services/knowledge/law-texts.js';
import { checkRules, ruleApplies } from '../../../../src/services/eligibility/check-rules.js';
import { digestLines } from '../../../../src/services/eligibility/digest-lines.js';
import { evaluateEligibility, type EligibilityLine } from '../../../../src/services/eligibility/evaluate-eligibility.js';
import type { CooperativeFacts, FactId, FactValue } from '../../../../src/services/eligibility/facts.js';
import { loadRules, rulesDir } from '../../../../src/services/eligibility/load-rules.js';
import { ASKABLE_FACTS, readFactAnswer } from '../../../../src/services/eligibility/askable-facts.js';

const now = new Date('2026-12-05T03:00:00Z');
const { rules, problems } = loadRules();
const { articles } = loadArticles();
const checkInput = { articles, texts: loadLawTexts(), statuses: loadDocumentStatuses(), now };
const byId = new Map(articles.map((a) => [a.id, a]));
const current = rules.filter((r) => ruleApplies(r, byId, now));

function facts(values: Partial<Record<FactId, FactValue>>): CooperativeFacts {
  return { cooperativeId: 1, values: { kind: 'cooperative', sector: 'agriculture', agricultural: true, ...values }, sources: {} };
}
const line = (lines: EligibilityLine[], id: string) => {
  const l = lines.find((x) => x.ruleId === id);
  if (!l) throw new Error(`no line ${id}`);
  return l;
};
/** An agricultural cooperative whose 2025 report says 1,5 tỷ revenue and 45 members. */
const agri = facts({ revenue: 1_500_000_000, revenueYear: 2025, reportYear: 2025, members: 45 });

describe('eligibility rules (knowledge/rules)', () => {
  it('load and pass the check: schema, current articles, verbatim quotes, dates', () => {
    expect(problems).toEqual([]);
    expect(checkRules(rules, checkInput)).toEqual([]);
    expect(rules.length).toBeGreaterThanOrEqual(15);
    expect(current.length).toBe(rules.length);
  });

  it('cite rows of the policy fact sheet that exist', () => {
    const sheet = path.resolve(rulesDir, '../../../shared/policy-facts.md');
    if (!existsSync(sheet)) return; // the sheet lives beside the repository, not in it
    const rows = new Set([...readFileSync(sheet, 'utf8').matchAll(/^\| (\d+\.\d+[a-z]?) \|/gm)].map((m) => m[1]));
    for (const r of rules) for (const row of r.facts_rows) expect(rows.has(row), `${r.id}: row ${row}`).toBe(true);
  });

  it('fail the check when a rule cites a non-current article, an unknown one, a quote not in the text, or dates out of order', () => {
    const base = rules.find((r) => r.id === 'tax-cit-rate-band')!;
    const history = articles.find((a) => a.effective_until && a.effective_until <= '2026-12-05')!;
    expect(history).toBeDefined();
    const bad = [
      { ...base, id: 'old', file: 'old.yaml', articles: [history.id] },
      { ...base, id: 'ghost', file: 'ghost.yaml', articles: ['tax-no-such-article'] },
      {
        ...base,
        id: 'misquote',
        file: 'misquote.yaml',
        legal_basis: [{ ...base.legal_basis[1]!, quote: 'Thuế suất 12% áp dụng đối với doanh nghiệp có tổng doanh thu năm không quá 03 tỷ đồng.' }],
      },
    ];
    const found = checkRules(bad, checkInput);
    expect(found.filter((p) => p.file === 'old.yaml').map((p) => p.problem)).toEqual([expect.stringContaining('is not current')]);
    expect(found.filter((p) => p.file === 'ghost.yaml').map((p) => p.problem)).toEqual([expect.stringContaining('not in the knowledge base')]);
    expect(found.filter((p) => p.file === 'misquote.yaml').map((p) => p.problem)).toEqual([expect.stringContaining('does not appear word for word')]);
    // And a rule following a non-current article is never applied.
    expect(ruleApplies(bad[0]!, byId, now)).toBe(false);

    const dir = mkdtempSync(path.join(tmpdir(), 'rules-'));
    const source = readFileSync(path.join(rulesDir, 'tax-cit-rate-band.yaml'), 'utf8').replace(
      /^effective_from: .*$/m,
      'effective_from: "2025-10-01"\neffective_to: "2025-01-01"',
    );
    writeFileSync(path.join(dir, 'tax-cit-rate-band.yaml'), source);
    expect(loadRules({ dir }).problems.map((p) => p.problem)).toEqual(['effective_to must come after effective_from']);
  });

  it('an agricultural cooperative with 1,5 tỷ revenue: 15% band, farm income exempt, each with its basis', () => {
    const lines = evaluateEligibility(current, agri, { now });
    const band = line(lines, 'tax-cit-rate-band');
    expect(band).toMatchObject({
      outcome: 'applies',
      kind: 'tax',
      reason: { key: 'eligibility.reasons.cit_band', values: { rate: 15, revenueVnd: 1_500_000_000, year: 2025, limitVnd: 3_000_000_000 } },
      articleIds: ['tax-cit-new-law-rates'],
      missingFacts: [],
    });
    expect(band.legalBasis).toBe('Luật Thuế thu nhập doanh nghiệp số 67/2025/QH15 (Điều 2, khoản 1; Điều 10; Điều 10, khoản 3)');
    expect(line(lines, 'tax-cit-farm-income')).toMatchObject({ outcome: 'applies', reason: { key: 'eligibility.reasons.farm_income_exempt' } });
    expect(line(lines, 'tax-cit-farm-income').legalBasis).toContain('320/2025/NĐ-CP');
    expect(line(lines, 'tax-cit-indivisible-fund').outcome).toBe('applies');
    expect(line(lines, 'tax-cit-revenue-under-1-billion').outcome).toBe('not_applicable');
    // Facts not known yet: asked, never guessed.
    expect(line(lines, 'tax-cit-agri-area')).toMatchObject({ outcome: 'maybe', missingFacts: ['difficultArea'] });
    expect(line(lines, 'land-rent-facilities')).toMatchObject({ outcome: 'maybe', missingFacts: ['facilityLand'] });
    expect(line(lines, 'tax-agricultural-land-use')).toMatchObject({ outcome: 'maybe', missingFacts: ['stateFarmLand'] });
    expect(line(lines, 'size-class')).toMatchObject({ outcome: 'unknown', reason: { key: 'eligibility.reasons.size_not_verified' } });
    expect(line(lines, 'annual-update-obligation')).toMatchObject({ outcome: 'applies', reason: { values: { deadline: '15/12/2026', form: 'VII-2' } } });
  });

  it('revenue at the band boundaries: 3 tỷ is 15%, one đồng more 17%; 50 tỷ is 17%, above it 20%; ≤ 1 tỷ exempt from 2026', () => {
    const rate = (revenue: number) =>
      line(evaluateEligibility(current, facts({ revenue, revenueYear: 2025 }), { now }), 'tax-cit-rate-band').reason.values.rate;
    expect(rate(3_000_000_000)).toBe(15);
    expect(rate(3_000_000_001)).toBe(17);
    expect(rate(50_000_000_000)).toBe(17);
    expect(rate(50_000_000_001)).toBe(20);
    const small = (revenue: number, at = now) =>
      line(evaluateEligibility(current, facts({ revenue, revenueYear: 2025 }), { now: at }), 'tax-cit-revenue-under-1-billion');
    expect(small(1_000_000_000).outcome).toBe('applies');
    expect(small(1_000_000_001).outcome).toBe('not_applicable');
    // Before 1/1/2026 the exemption did not exist: no line at all.
    expect(
      evaluateEligibility(current, facts({ revenue: 1, revenueYear: 2024 }), { now: new Date('2025-11-01T00:00:00Z') }).some(
        (l) => l.ruleId === 'tax-cit-revenue-under-1-billion',
      ),
    ).toBe(false);
  });

  it('unknown revenue is a "maybe" that names the fact; a non-agricultural cooperative gets no farm exemption', () => {
    const lines = evaluateEligibility(current, facts({ sector: 'trade', agricultural: false }), { now });
    expect(line(lines, 'tax-cit-rate-band')).toMatchObject({ outcome: 'maybe', missingFacts: ['revenue'] });
    expect(line(lines, 'tax-cit-farm-income')).toMatchObject({ outcome: 'not_applicable', reason: { values: { sector: 'trade' } } });
    expect(line(lines, 'tax-cit-agri-area').outcome).toBe('not_applicable');
  });

  it('answers settle the maybes: difficult area → all income exempt; not → 10%; land facts', () => {
    const yes = evaluateEligibility(current, { ...agri, values: { ...agri.values, difficultArea: true, facilityLand: true, stateFarmLand: false } }, { now });
    expect(line(yes, 'tax-cit-agri-area')).toMatchObject({ outcome: 'applies', reason: { key: 'eligibility.reasons.agri_difficult_exempt' } });
    expect(line(yes, 'land-rent-facilities').outcome).toBe('applies');
    expect(line(yes, 'tax-agricultural-land-use').outcome).toBe('not_applicable');
    const no = evaluateEligibility(current, { ...agri, values: { ...agri.values, difficultArea: false } }, { now });
    expect(line(no, 'tax-cit-agri-area')).toMatchObject({ outcome: 'applies', reason: { key: 'eligibility.reasons.agri_ten_percent' } });
  });

  it('Art. 18 criteria: met, unmet or unknown per condition; supports follow them', () => {
    const unknown = evaluateEligibility(current, agri, { now });
    expect(line(unknown, 'state-support-criteria')).toMatchObject({
      outcome: 'maybe',
      checks: [
        { key: 'not_sanctioned', status: 'unknown' },
        { key: 'growth_or_training', status: 'unknown' },
      ],
    });
    expect(line(unknown, 'training-support')).toMatchObject({ outcome: 'maybe', supportKind: 'training' });
    expect(line(unknown, 'training-support').missingFacts).toEqual(expect.arrayContaining(['sanctioned']));
    const met = evaluateEligibility(current, { ...agri, values: { ...agri.values, sanctioned: false, membersGrowth: true } }, { now });
    expect(line(met, 'state-support-criteria')).toMatchObject({ outcome: 'applies', checks: [{ status: 'met' }, { status: 'met' }] });
    expect(line(met, 'training-support').outcome).toBe('applies');
    expect(line(met, 'trade-promotion-support').outcome).toBe('applies');
    expect(line(met, 'digital-transformation-support').outcome).toBe('applies');
    const sanctioned = evaluateEligibility(current, { ...agri, values: { ...agri.values, sanctioned: true } }, { now });
    expect(line(sanctioned, 'state-support-criteria').outcome).toBe('not_applicable');
    expect(line(sanctioned, 'training-support')).toMatchObject({ outcome: 'not_applicable', reason: { key: 'eligibility.reasons.requires_unmet' } });
    // A cooperative group has criteria of its own (unknown, nothing to ask): its supports stay unknown, never "applies".
    const group = evaluateEligibility(current, { ...agri, values: { ...agri.values, kind: 'group', sanctioned: false, membersGrowth: true } }, { now });
    expect(line(group, 'state-support-criteria').outcome).toBe('unknown');
    for (const id of ['training-support', 'trade-promotion-support', 'digital-transformation-support']) {
      expect(line(group, id)).toMatchObject({ outcome: 'unknown', reason: { key: 'eligibility.reasons.requires_unknown' } });
    }
  });

  it('internal lending limits are computed from equity when known; the Fund needs no bad debt', () => {
    const withEquity = evaluateEligibility(current, { ...agri, values: { ...agri.values, controllersCount: 3, equity: 800_000_000, badDebt: false } }, { now });
    expect(line(withEquity, 'credit-internal-lending')).toMatchObject({
      outcome: 'maybe',
      missingFacts: [],
      reason: { values: { equityVnd: 800_000_000, poolVnd: 240_000_000, perMemberVnd: 12_000_000 } },
    });
    expect(line(withEquity, 'credit-fund-borrower')).toMatchObject({ outcome: 'maybe', missingFacts: [], checks: [{ key: 'no_bad_debt', status: 'met' }] });
    const two = evaluateEligibility(current, { ...agri, values: { ...agri.values, controllersCount: 2 } }, { now });
    expect(line(two, 'credit-internal-lending').outcome).toBe('not_applicable');
    expect(line(evaluateEligibility(current, agri, { now }), 'credit-internal-lending').missingFacts).toEqual(['controllersCount', 'equity']);
  });

  it('the digest is stable and follows any change of outcome or figure', () => {
    const a = evaluateEligibility(current, agri, { now });
    expect(digestLines(a)).toBe(digestLines([...a].reverse()));
    const b = evaluateEligibility(current, { ...agri, values: { ...agri.values, difficultArea: true } }, { now });
    expect(digestLines(b)).not.toBe(digestLines(a));
    const c = evaluateEligibility(current, { ...agri, values: { ...agri.values, revenue: 1_600_000_000 } }, { now });
    expect(digestLines(c)).not.toBe(digestLines(a));
  });

  it('reads typed answers to the askable facts', () => {
    const fact = (id: string) => ASKABLE_FACTS.find((f) => f.id === id)!;
    expect(readFactAnswer(fact('difficultArea'), 'co', now)).toEqual({ ok: true, value: true });
    expect(readFactAnswer(fact('difficultArea'), 'khong', now)).toEqual({ ok: true, value: false });
    expect(readFactAnswer(fact('difficultArea'), 'chưa biết', now)).toEqual({ ok: false, error: 'dont_know' });
    expect(readFactAnswer(fact('equity'), '800 triệu', now)).toEqual({ ok: true, value: 800_000_000 });
    expect(readFactAnswer(fact('revenue'), '1,5 tỷ', now)).toEqual({ ok: true, value: { vnd: 1_500_000_000, year: 2025 } });
    expect(readFactAnswer(fact('controllersCount'), '3 người', now)).toEqual({ ok: true, value: 3 });
  });
});
