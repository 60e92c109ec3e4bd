import { num, type Answers, type FormDef } from '../form-definition.js';
import { SUPPORT_KINDS } from './support-kinds.js';

/** True unless both values are known and `now` is more than `factor` times above or below `before`. */
const withinFactor = (now: number | undefined, before: number | undefined, factor: number) =>
  now === undefined || before === undefined || before <= 0 || (now <= before * factor && now >= before / factor);
// Skip logic. A follow-up counts as asked while its question is unanswered, so the progress
// ("Câu 5/26") only ever shrinks; questions come in order, so it is decided before it is reached.
const yes = (key: string) => (a: Answers) => a[key] === undefined || a[key] === true;
const positive = (key: string) => (a: Answers) => a[key] === undefined || (num(a[key]) ?? 0) > 0;

/**
 * Annual operations report (báo cáo tình hình hoạt động năm), due by 15 December with the annual
 * update of the National Cooperative Information System (Circular 09/2024, Art. 6).
 */
export const annualForm: FormDef = {
  id: 'annual',
  version: 1,
  periodKind: 'year',
  fields: [
    { key: 'members', type: 'integer', required: true, basis: 'size_class' },
    { key: 'associate_members', type: 'integer', required: true, basis: 'earlier_rule' },
    { key: 'member_households', type: 'integer', required: true, basis: 'earlier_rule', when: positive('members') },
    { key: 'member_entities', type: 'integer', required: true, basis: 'earlier_rule', when: positive('members') },
    { key: 'workers', type: 'integer', required: true, basis: 'earlier_rule' },
    { key: 'workers_members', type: 'integer', required: true, basis: 'earlier_rule', when: positive('workers') },
    { key: 'charter_capital', type: 'money', required: true, basis: 'earlier_rule' },
    { key: 'total_assets', type: 'money', required: true, basis: 'size_class' },
    { key: 'revenue', type: 'money', required: true, per: 'year', basis: 'size_class' },
    { key: 'revenue_members', type: 'money', required: true, per: 'year', basis: 'earlier_rule', when: positive('revenue') },
    { key: 'profit', type: 'money', required: true, allowNegative: true, per: 'year', basis: 'earlier_rule' },
    { key: 'avg_income', type: 'money', required: true, per: 'year', basis: 'earlier_rule', when: positive('workers') },
    { key: 'rating', type: 'choice', required: true, options: ['good', 'fair', 'average', 'weak', 'not_rated'], basis: 'plan_indicator' },
    { key: 'value_chain', type: 'yesno', required: true, explainedBy: 'value_chain_partner', basis: 'plan_indicator' },
    { key: 'value_chain_partner', type: 'text', required: true, maxLength: 200, basis: 'plan_indicator', when: yes('value_chain') },
    { key: 'high_tech', type: 'yesno', required: true, explainedBy: 'high_tech_what', basis: 'plan_indicator' },
    { key: 'high_tech_what', type: 'text', required: true, maxLength: 300, basis: 'plan_indicator', when: yes('high_tech') },
    { key: 'digital_tools', type: 'yesno', required: true, basis: 'plan_indicator' },
    { key: 'ocop_products', type: 'integer', required: true, max: 1000, basis: 'suggested' },
    // Optional: "Chưa có" (not ranked yet) leaves it empty.
    { key: 'ocop_stars', type: 'integer', required: false, min: 3, max: 5, picks: [3, 4, 5], basis: 'suggested', when: positive('ocop_products') },
    { key: 'managers', type: 'integer', required: true, max: 10_000, basis: 'plan_indicator' },
    { key: 'managers_trained', type: 'integer', required: true, max: 10_000, basis: 'plan_indicator', when: positive('managers') },
    { key: 'member_service_share', type: 'percent', required: false, basis: 'suggested' },
    { key: 'general_meeting_date', type: 'date', required: false, basis: 'suggested' },
    { key: 'trade_fairs', type: 'integer', required: true, max: 1000, basis: 'suggested' },
    { key: 'support_received', type: 'multi', required: true, options: SUPPORT_KINDS, noneOption: 'none', basis: 'suggested' },
    { key: 'support_needed', type: 'multi', required: true, options: SUPPORT_KINDS, noneOption: 'none', basis: 'suggested' },
    { key: 'difficulties', type: 'text', required: false, maxLength: 1000, basis: 'suggested' },
  ],
  checks: [
    {
      id: 'member_kinds_exceed_members',
      level: 'error',
      fields: ['members', 'member_households', 'member_entities'],
      needs: ['members'],
      holds: (a) => (num(a.member_households) ?? 0) + (num(a.member_entities) ?? 0) <= (num(a.members) ?? 0),
      params: (a) => ({ members: num(a.members) ?? 0, sum: (num(a.member_households) ?? 0) + (num(a.member_entities) ?? 0) }),
    },
    {
      id: 'worker_members_exceed_workers',
      level: 'error',
      fields: ['workers', 'workers_members'],
      holds: (a) => (num(a.workers_members) ?? 0) <= (num(a.workers) ?? 0),
      params: (a) => ({ workers: num(a.workers) ?? 0 }),
    },
    {
      id: 'member_revenue_exceeds_revenue',
      level: 'error',
      fields: ['revenue', 'revenue_members'],
      holds: (a) => (num(a.revenue_members) ?? 0) <= (num(a.revenue) ?? 0),
      params: (a) => ({ revenue: num(a.revenue) ?? 0 }),
    },
    {
      id: 'trained_exceed_managers',
      level: 'error',
      fields: ['managers', 'managers_trained'],
      holds: (a) => (num(a.managers_trained) ?? 0) <= (num(a.managers) ?? 0),
      params: (a) => ({ managers: num(a.managers) ?? 0 }),
    },
    {
      id: 'profit_exceeds_revenue',
      level: 'warning',
      fields: ['revenue', 'profit'],
      holds: (a) => (num(a.profit) ?? 0) <= (num(a.revenue) ?? 0),
    },
    {
      id: 'income_unusually_high',
      level: 'warning',
      fields: ['avg_income'],
      holds: (a) => (num(a.avg_income) ?? 0) <= 1_000_000_000,
    },
    {
      // Below the yearly minimum wage: most likely a monthly figure.
      id: 'income_looks_monthly',
      level: 'warning',
      fields: ['avg_income'],
      holds: (a) => (num(a.avg_income) ?? 0) === 0 || (num(a.avg_income) ?? 0) >= 24_000_000,
    },
    {
      id: 'members_changed_a_lot',
      level: 'warning',
      fields: ['members'],
      holds: (a, prev) => withinFactor(num(a.members), num(prev?.members), 2),
      params: (_a, prev) => ({ before: num(prev?.members) ?? 0 }),
    },
    {
      id: 'revenue_changed_a_lot',
      level: 'warning',
      fields: ['revenue'],
      holds: (a, prev) => withinFactor(num(a.revenue), num(prev?.revenue), 3),
      params: (_a, prev) => ({ before: num(prev?.revenue) ?? 0 }),
      money: ['before'],
    },
  ],
};
