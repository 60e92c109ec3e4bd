import type { ReportStatus } from '../../src/generated/prisma/enums.js';
import { DEMO } from '../../src/services/cooperatives/bind-demo-role.js';
import type { Answers, FormDef } from '../../src/services/reports/form-definition.js';
import { annualForm } from '../../src/services/reports/forms/annual-form.js';
import { quarterlyForm } from '../../src/services/reports/forms/quarterly-form.js';
import { currentPeriod, DEFAULT_SCHEDULE, periodWindow, previousPeriod } from '../../src/services/reports/report-schedule.js';
import { assertValidAnswers, demoAnnualAnswers, demoQuarterlyAnswers } from './demo-answers.js';
import { DIFFICULTIES, RETURN_COMMENTS } from './demo-names.js';
import type { DemoAreaPlan } from './plan-demo-area.js';
import { mixSeed, seededRandom, type Random } from './seeded-random.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Share of the cooperatives that submitted, by annual period (current, previous) and quarter. */
export const DEMO_SUBMISSION_RATES = { annualCurrent: 0.85, annualPrevious: 0.95, quarterly: 0.45 } as const;

export interface DemoRevisionPlan {
  revision: number;
  answers: Answers;
  submittedAt: Date;
}

export interface DemoReportPlan {
  /** Index in the area's cooperatives. */
  cooperative: number;
  form: FormDef;
  period: string;
  status: ReportStatus;
  /** The last submitted answers ({} for a draft never submitted). */
  answers: Answers;
  revisions: DemoRevisionPlan[];
  reviewedAt: Date | null;
  reviewer: 'province' | 'commune' | null;
  reviewComment: string | null;
  draft: Answers | null;
  draftUpdatedAt: Date | null;
  createdAt: Date;
}

export interface DemoReportsPlan {
  periods: { annualCurrent: string; annualPrevious: string; quarterCurrent: string; quarterPrevious: string };
  reports: DemoReportPlan[];
}

/** `count` of these items, chosen by `r` (an exact share rather than a coin per item). */
const chooseSome = (r: Random, items: number[], count: number) => new Set(r.shuffle(items).slice(0, Math.max(0, Math.min(count, items.length))));

/**
 * Annual reports of the previous and current periods (as the app counts them at `now`) and quick
 * reports of the last two quarters: who submitted is an exact share of the active cooperatives, the
 * answers come from each cooperative's own stream and are checked against the form (throws if not
 * valid). The console's demo cooperative (index 0) files no current annual report and no quarterly
 * one, so that `npm run chat -- --as director` can try /baocao.
 */
export function planDemoReports(seed: number, area: DemoAreaPlan, now: Date): DemoReportsPlan {
  const annualCurrent = currentPeriod(annualForm, now, DEFAULT_SCHEDULE);
  const annualPrevious = previousPeriod(annualCurrent);
  const quarterCurrent = currentPeriod(quarterlyForm, now, DEFAULT_SCHEDULE);
  const quarterPrevious = previousPeriod(quarterCurrent);
  const coops = area.cooperatives;
  const main = seededRandom(mixSeed(seed, 4));
  const all = coops.map((_, i) => i);
  const active = all.filter((i) => coops[i]!.status === 'active');
  const filedPrevious = chooseSome(main, all, Math.round(all.length * DEMO_SUBMISSION_RATES.annualPrevious));
  const filedCurrent = chooseSome(
    main,
    active.filter((i) => i !== 0),
    Math.round(active.length * DEMO_SUBMISSION_RATES.annualCurrent),
  );
  const quarterFilers = active.filter((i) => i !== 0 && coops[i]!.kind === 'cooperative');
  const filedQuarter = [quarterPrevious, quarterCurrent].map((q) => ({
    period: q,
    filed: chooseSome(main, quarterFilers, Math.round(quarterFilers.length * DEMO_SUBMISSION_RATES.quarterly)),
  }));

  const reports: DemoReportPlan[] = [];
  for (const i of all) {
    const c = coops[i]!;
    const r = seededRandom(mixSeed(seed, 5, i));
    const reviewer = c.commune === DEMO.commune ? 'commune' : 'province';
    const previous = demoAnnualAnswers(r, c.profile, Number(annualPrevious));
    assertValidAnswers(annualForm, previous);
    const current = demoAnnualAnswers(r, c.profile, Number(annualCurrent), previous);
    assertValidAnswers(annualForm, current, previous);
    if (filedPrevious.has(i)) {
      reports.push(
        submitted(r, { cooperative: i, form: annualForm, period: annualPrevious, answers: previous, reviewer, now }, [
          ['accepted', 88],
          ['submitted', 6],
          ['returned', 6],
        ]),
      );
    }
    if (filedCurrent.has(i)) {
      reports.push(
        submitted(r, { cooperative: i, form: annualForm, period: annualCurrent, answers: current, reviewer, now }, [
          ['submitted', 45],
          ['accepted', 40],
          ['returned', 15],
        ]),
      );
    } else if (i !== 0 && c.status === 'active' && r.chance(0.4)) {
      reports.push(draftOnly(r, { cooperative: i, period: annualCurrent, answers: current, now }));
    }
    for (const q of filedQuarter) {
      if (!q.filed.has(i)) continue;
      const answers = demoQuarterlyAnswers(r, current);
      assertValidAnswers(quarterlyForm, answers);
      reports.push(
        submitted(r, { cooperative: i, form: quarterlyForm, period: q.period, answers, reviewer, now }, [
          ['accepted', 60],
          ['submitted', 40],
        ]),
      );
    }
  }
  return { periods: { annualCurrent, annualPrevious, quarterCurrent, quarterPrevious }, reports };
}

interface SubmittedInput {
  cooperative: number;
  form: FormDef;
  period: string;
  answers: Answers;
  reviewer: 'province' | 'commune';
  now: Date;
}

/** A submitted report: when, reviewed or not, and sometimes corrected and submitted twice. */
function submitted(r: Random, o: SubmittedInput, statuses: readonly (readonly [ReportStatus, number])[]): DemoReportPlan {
  const w = periodWindow(o.form, o.period, DEFAULT_SCHEDULE);
  const latest = Math.min(o.now.getTime() - 2 * HOUR, w.deadline.getTime() + 20 * DAY);
  const spread = r.next() * Math.max(HOUR, latest - w.opensAt.getTime() - 12 * DAY);
  const first = new Date(Math.max(w.opensAt.getTime(), Math.min(latest, w.opensAt.getTime() + spread)));
  let status = r.weighted(statuses);
  const revisions: DemoRevisionPlan[] = [{ revision: 1, answers: o.answers, submittedAt: first }];
  // Some were sent back once and submitted again (the first version differs a little).
  if (status !== 'returned' && o.form.id === 'annual' && r.chance(0.1)) {
    const second = new Date(first.getTime() + r.between(3, 10) * DAY);
    if (second.getTime() < o.now.getTime() - HOUR) {
      const earlier: Answers = { ...o.answers, trade_fairs: ((o.answers.trade_fairs as number) ?? 0) + 1, difficulties: r.pick(DIFFICULTIES) };
      assertValidAnswers(o.form, earlier);
      revisions.unshift({ revision: 1, answers: earlier, submittedAt: first });
      revisions[1] = { revision: 2, answers: o.answers, submittedAt: second };
    }
  }
  const last = revisions[revisions.length - 1]!.submittedAt;
  let reviewedAt: Date | null = status === 'submitted' ? null : new Date(last.getTime() + r.between(1, 15) * DAY);
  if (reviewedAt && reviewedAt.getTime() > o.now.getTime() - HOUR) {
    status = 'submitted';
    reviewedAt = null;
  }
  return {
    cooperative: o.cooperative,
    form: o.form,
    period: o.period,
    status,
    answers: o.answers,
    revisions,
    reviewedAt,
    reviewer: reviewedAt ? o.reviewer : null,
    reviewComment: status === 'returned' ? r.pick(RETURN_COMMENTS) : null,
    draft: null,
    draftUpdatedAt: null,
    createdAt: new Date(Math.max(w.opensAt.getTime(), first.getTime() - r.between(1, 48) * HOUR)),
  };
}

/** A current annual report being filled in: the first questions answered, never submitted. */
function draftOnly(r: Random, o: { cooperative: number; period: string; answers: Answers; now: Date }): DemoReportPlan {
  const w = periodWindow(annualForm, o.period, DEFAULT_SCHEDULE);
  const keys = Object.keys(o.answers);
  const draft = Object.fromEntries(keys.slice(0, r.int(2, Math.max(2, keys.length - 3))).map((k) => [k, o.answers[k]!]));
  const at = new Date(Math.min(o.now.getTime() - 60_000, w.opensAt.getTime() + r.next() * Math.max(HOUR, o.now.getTime() - w.opensAt.getTime() - HOUR)));
  return {
    cooperative: o.cooperative,
    form: annualForm,
    period: o.period,
    status: 'draft',
    answers: {},
    revisions: [],
    reviewedAt: null,
    reviewer: null,
    reviewComment: null,
    draft,
    draftUpdatedAt: at,
    createdAt: new Date(Math.max(w.opensAt.getTime(), at.getTime() - r.between(0.1, 3) * DAY)),
  };
}
