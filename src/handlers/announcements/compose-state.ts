import { z } from 'zod';
import { isStaff } from '../../services/access/jurisdiction.js';
import type { AudienceSpec } from '../../services/announcements/find-audience.js';
import type { Identity } from '../../services/people/identity.js';
import { stepFlow } from '../step-flow.js';

/** The compose flow's name, the prefix of its buttons (`ann:<step>:<verb>[:<arg>]`). */
export const ANN = 'ann';

export const TITLE_LENGTH = { min: 5, max: 120 } as const;
export const BODY_LENGTH = { min: 10, max: 1500 } as const;
export const PLACE_LENGTH = { min: 2, max: 200 } as const;

export const STEPS = [
  'kind',
  'title',
  'body',
  'time',
  'place',
  'deadline',
  'audience',
  'area',
  'communes',
  'filter',
  'sectors',
  'coops',
  'support',
  'when',
  'sendat',
  'preview',
] as const;
export type Step = (typeof STEPS)[number];

export const KINDS = ['training', 'trade_fair', 'other'] as const;
export const AUDIENCES = ['directors', 'members', 'both'] as const;
export const FILTERS = ['all', 'sectors', 'coops', 'eligible'] as const;

const instant = z.iso.datetime();

/** What the chat remembers of the announcement being composed; each answer is saved before the next question. */
export const AnnData = z.object({
  kind: z.enum(KINDS).optional(),
  title: z.string().optional(),
  body: z.string().optional(),
  startsAt: instant.optional(),
  place: z.string().optional(),
  /** null: no registration deadline (skipped). */
  registerBy: instant.nullable().optional(),
  audience: z.enum(AUDIENCES).optional(),
  /** The whole jurisdiction, or chosen communes (officers of a whole province only). */
  area: z.enum(['all', 'communes']).optional(),
  communes: z.array(z.string()).optional(),
  filter: z.enum(FILTERS).optional(),
  sectors: z.array(z.string()).optional(),
  cooperativeIds: z.array(z.number().int()).optional(),
  /** filter `eligible`: the support (an eligibility rule id) whose qualifying cooperatives it goes to. */
  eligibleFor: z.string().optional(),
  when: z.enum(['now', 'later']).optional(),
  sendAt: instant.optional(),
  /** At a toggle step (communes, sectors): the choices offered, in button order, and those ticked. */
  options: z.array(z.string()).optional(),
  picked: z.array(z.string()).optional(),
  /**
   * A time read from relative or ambiguous words ("thứ 3 tuần sau", "mai", "2 giờ"), waiting for
   * "Có"/"Không" at its step; `afternoon`: the hour typed (1–6) that was read as the afternoon's;
   * `endOfDay`: a deadline given as a day alone.
   */
  pending: z
    .object({
      step: z.enum(['time', 'deadline', 'sendat']),
      at: instant,
      afternoon: z.number().int().optional(),
      endOfDay: z.boolean().optional(),
    })
    .optional(),
});
export type AnnData = z.infer<typeof AnnData>;

/** The compose wizard's plumbing: action ids, ◀️ Back / Cancel, routing of its buttons and messages. Officers and admins only. */
export const annFlow = stepFlow({
  name: ANN,
  steps: STEPS,
  data: AnnData,
  allowed: (ctx) => isStaff(ctx.who.role),
  texts: {
    back: 'announcements.nav.back',
    cancel: 'announcements.nav.cancel',
    cancelled: 'announcements.cancelled',
    oldButton: 'announcements.old_button',
    refused: 'announcements.only_staff',
  },
});

/** Whether the announcement has a time and place (trainings and fairs). */
export const isEvent = (d: Pick<AnnData, 'kind'>) => d.kind !== 'other';

/** An officer of a whole province picks communes; a commune officer's area is fixed; a national one sends country-wide. */
export const picksCommunes = (who: Pick<Identity, 'province' | 'commune'>) => Boolean(who.province) && !who.commune;

/** The steps in the order they are asked, given the answers so far. */
export function sequence(d: AnnData, who: Pick<Identity, 'province' | 'commune'>): Step[] {
  const s: Step[] = ['kind', 'title', 'body'];
  if (isEvent(d)) s.push('time', 'place', 'deadline');
  s.push('audience');
  if (picksCommunes(who)) {
    s.push('area');
    if (d.area === 'communes') s.push('communes');
  }
  s.push('filter');
  if (d.filter === 'sectors') s.push('sectors');
  if (d.filter === 'coops') s.push('coops');
  if (d.filter === 'eligible') s.push('support');
  s.push('when');
  if (d.when === 'later') s.push('sendat');
  s.push('preview');
  return s;
}

/** Steps that complete the one before them (which communes, which sectors, at what time): they share its number. */
const FOLLOW_UP_OF: Partial<Record<Step, Step>> = { communes: 'area', sectors: 'filter', coops: 'filter', support: 'filter', sendat: 'when' };

/**
 * "Bước n/total": the questions asked for this kind of announcement and this officer, a follow-up
 * counted with the question it completes, so the total never grows as choices open follow-ups
 * (it is not shown before the kind is chosen: a notice has no time, place or deadline).
 */
export function progressOf(d: AnnData, who: Pick<Identity, 'province' | 'commune'>, step: Step): { n: number; total?: number; more: boolean } {
  const main = sequence(d, who).filter((s) => !FOLLOW_UP_OF[s]);
  const n = Math.max(1, main.indexOf(FOLLOW_UP_OF[step] ?? step) + 1);
  return { n, total: d.kind ? main.length : undefined, more: Boolean(FOLLOW_UP_OF[step]) };
}

/**
 * A province's name without its kind, to put after "Toàn tỉnh": "Tỉnh Demo" → Demo (province),
 * "Thành phố Huế" → Huế (city), "Lâm Đồng" → Lâm Đồng (province).
 */
export function provinceName(province: string): { name: string; city: boolean } {
  const city = /^(?:thành phố|thanh pho|tp\.?)\s+/iu.exec(province);
  if (city) return { name: province.slice(city[0].length).trim(), city: true };
  const named = /^(?:tỉnh|tinh)\s+/iu.exec(province);
  return { name: named ? province.slice(named[0].length).trim() : province, city: false };
}

/** The area the announcement goes to: the officer's jurisdiction, narrowed to the chosen communes. */
export function areaOf(who: Pick<Identity, 'province' | 'commune'>, d: AnnData): { province: string | null; communes: string[] } {
  if (!who.province) return { province: null, communes: [] };
  if (who.commune) return { province: who.province, communes: [who.commune] };
  return { province: who.province, communes: d.area === 'communes' ? (d.communes ?? []) : [] };
}

/**
 * Who it goes to, as the Announcement row will hold it. For the cooperatives that qualify for a
 * support (filter `eligible`) the cooperatives are found when previewed and sent (see qualifyingSpec).
 */
export function audienceSpec(who: Pick<Identity, 'province' | 'commune'>, d: AnnData): AudienceSpec {
  return {
    audience: d.audience ?? 'both',
    ...areaOf(who, d),
    sectors: d.filter === 'sectors' ? (d.sectors ?? []) : [],
    cooperativeIds: d.filter === 'coops' ? (d.cooperativeIds ?? []) : [],
  };
}

/** The data without a toggle step's scratch lists, nor a time waiting for confirmation. */
export function settled(d: AnnData): AnnData {
  const { options: _o, picked: _p, pending: _c, ...rest } = d;
  return rest;
}

/** The typed-answer vocabulary (folded, no diacritics). */
export const WORDS = {
  back: ['quay lai', 'lui', 'lui lai', 'tro lai', 'back'],
  keep: ['giu nguyen', 'giu', 'nhu cu', 'keep', 'same'],
  skip: ['bo qua', 'bo', 'khong', 'khong co', 'skip', 'none', 'no'],
  done: ['xong', 'done', 'tiep', 'tiep tuc', 'ok', 'dong y'],
  /** At "where": the whole province, or choosing communes. */
  whole: ['toan tinh', 'ca tinh', 'toan thanh pho', 'ca thanh pho', 'tat ca', 'toan bo', 'all', 'whole', 'whole province', 'tat ca cac xa'],
  communes: ['chon xa', 'chon xa phuong', 'chon phuong', 'xa', 'mot so xa', 'communes', 'choose communes'],
};
