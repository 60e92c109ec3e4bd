import type { Button, OutboundMessage } from '../../lib/messages.js';
import { formatInteger } from '../../lib/format-number.js';
import type { Feature, Handler, HandlerContext } from '../../router/context.js';
import { scopeWithin } from '../../services/access/officer-scope.js';
import { isStaff } from '../../services/access/jurisdiction.js';
import { annualForm } from '../../services/reports/forms/annual-form.js';
import { currentPeriod } from '../../services/reports/report-schedule.js';
import type { CommuneCount } from '../../services/targets/count-by-commune.js';
import { targetSetForPeriod, targetSetsFor, type TargetSet } from '../../services/targets/plan-targets.js';
import { planSummaryText } from './plan-summary-text.js';

/**
 * `/chitieu`: an officer's plan targets against the submitted annual reports of their area.
 * Buttons: `tgt` (the current year), `tgt:v:<year>:<set id, empty: the set for the year>:<commune
 * number, empty: the whole area>` and `tgt:c:<year>:<set id>` (the communes of the province).
 */
export const TGT = 'tgt';
/** A province with at most this many communes gets a button per commune. */
export const MAX_COMMUNE_BUTTONS = 12;
const FIRST_YEAR = 2000;

interface View {
  year: number;
  /** Chosen explicitly (a button), or undefined: the set for the year. */
  setId?: string;
  /** Index into the province's communes (province officers only). */
  commune?: number;
}

/** From a button (`tgt:v:2025:demo-2030:3`), or `/chitieu 2025`. */
function parseView(ctx: HandlerContext, current: number): View {
  const [, year, setId, commune] = ctx.action ? ctx.args : ['', ctx.args[0]];
  const y = year && /^\d{4}$/.test(year) ? Number(year) : current;
  return {
    year: y >= FIRST_YEAR && y <= current ? y : current,
    setId: setId || undefined,
    commune: commune && /^\d{1,3}$/.test(commune) ? Number(commune) : undefined,
  };
}

const action = (verb: 'v' | 'c', year: number, setId = '', commune: number | '' = '') =>
  verb === 'c' ? `${TGT}:c:${year}:${setId}` : `${TGT}:v:${year}:${setId}:${commune}`;

/** The communes of a province with active cooperatives, in the order their buttons are numbered. */
async function communesOf(ctx: HandlerContext, province: string, year: number): Promise<(CommuneCount & { commune: string })[]> {
  const all = await ctx.services.countByCommune({ form: annualForm.id, period: String(year), scope: { province } });
  return all.filter((c): c is CommuneCount & { commune: string } => c.commune !== null);
}

const back = (ctx: HandlerContext): Button[] => [{ label: ctx.t('menu.back'), action: 'menu:main' }];

async function summaryView(ctx: HandlerContext, view: View, current: number): Promise<OutboundMessage[]> {
  const j = { province: ctx.who.province, commune: ctx.who.commune };
  let commune: string | undefined;
  if (view.commune !== undefined) {
    if (!j.province || j.commune) return [{ text: ctx.t('targets.outside_area'), buttons: [[{ label: ctx.t('targets.menu'), action: TGT }], back(ctx)] }];
    commune = (await communesOf(ctx, j.province, view.year))[view.commune]?.commune;
  }
  const within = scopeWithin(j, { province: j.province, commune });
  if (!within.ok) return [{ text: ctx.t('targets.outside_area'), buttons: [[{ label: ctx.t('targets.menu'), action: TGT }], back(ctx)] }];
  const scope = within.scope;
  const period = String(view.year);
  const sets = targetSetsFor(ctx.planTargets, scope.province ?? null);
  const set: TargetSet | null = sets.find((s) => s.id === view.setId) ?? targetSetForPeriod(sets, period);
  const summary = await ctx.services.computePlanSummary({ period, scope, targetSet: set });

  const explicitSet = view.setId && set?.id === view.setId ? set.id : '';
  const here = commune !== undefined ? (view.commune ?? '') : '';
  const buttons: Button[][] = [];
  const years: Button[] = [];
  if (view.year > FIRST_YEAR)
    years.push({ label: ctx.t('targets.previous_year', { year: view.year - 1 }), action: action('v', view.year - 1, explicitSet, here) });
  if (view.year < current) years.push({ label: ctx.t('targets.next_year', { year: view.year + 1 }), action: action('v', view.year + 1, explicitSet, here) });
  buttons.push(years);
  const otherSets = sets.filter((s) => s.id !== set?.id);
  // Sets are told apart by their year, or by name when a year has several.
  const setLabel = (s: TargetSet) =>
    sets.filter((x) => x.year === s.year).length > 1 ? `🎯 ${s.name.slice(0, 40)}` : ctx.t('targets.use_set', { year: s.year });
  if (otherSets.length) buttons.push(otherSets.map((s) => ({ label: setLabel(s), action: action('v', view.year, s.id, here) })));
  if (scope.province && !j.commune) {
    buttons.push(
      commune !== undefined
        ? [{ label: ctx.t('targets.whole_province'), action: action('v', view.year, explicitSet) }]
        : [{ label: ctx.t('targets.by_commune'), action: action('c', view.year, explicitSet) }],
    );
  }
  buttons.push(back(ctx));
  return [{ text: planSummaryText(ctx.t, ctx.locale, summary), buttons }];
}

/** The province's communes with their submissions, and a button each when there are few. */
async function communeList(ctx: HandlerContext, view: View, current: number): Promise<OutboundMessage[]> {
  const province = ctx.who.province;
  if (!province || ctx.who.commune) return summaryView(ctx, { year: view.year, setId: view.setId }, current);
  const all = await ctx.services.countByCommune({ form: annualForm.id, period: String(view.year), scope: { province } });
  const n = (x: number) => formatInteger(x, ctx.locale);
  const named = all.filter((c) => c.commune !== null);
  const lines = [ctx.t('targets.communes_title', { year: view.year })];
  if (!all.length) lines.push(ctx.t('targets.no_communes'));
  for (const c of all)
    lines.push(ctx.t('targets.commune_line', { commune: c.commune ?? ctx.t('targets.no_commune'), submitted: n(c.submitted), active: n(c.active) }));
  const buttons: Button[][] = [];
  if (named.length && named.length <= MAX_COMMUNE_BUTTONS) {
    lines.push('', ctx.t('targets.choose_commune'));
    named.forEach((c, i) => buttons.push([{ label: `${c.commune} (${n(c.submitted)}/${n(c.active)})`, action: action('v', view.year, view.setId ?? '', i) }]));
  } else if (named.length > MAX_COMMUNE_BUTTONS) {
    lines.push('', ctx.t('targets.too_many_communes', { max: MAX_COMMUNE_BUTTONS }));
  }
  buttons.push([{ label: ctx.t('targets.whole_province'), action: action('v', view.year, view.setId ?? '') }], back(ctx));
  return [{ text: lines.join('\n'), buttons }];
}

const handler: Handler = async (ctx) => {
  if (!isStaff(ctx.who.role)) return [ctx.mainMenu(ctx.t('targets.only_officers'))];
  const current = Number(currentPeriod(annualForm, ctx.now, ctx.reportSchedule));
  const view = parseView(ctx, current);
  return ctx.action && ctx.args[0] === 'c' ? communeList(ctx, view, current) : summaryView(ctx, view, current);
};

/** Plan targets against the submitted annual reports, for officers (`/chitieu`). */
export const targetsFeature: Feature = {
  name: 'targets',
  commands: { chitieu: handler },
  actions: { [TGT]: handler },
  menu: (ctx) => (isStaff(ctx.who.role) ? [{ label: ctx.t('targets.menu'), action: TGT }] : []),
};
