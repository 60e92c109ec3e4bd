import type { Button, OutboundMessage } from '../../lib/messages.js';
import type { Handler, HandlerContext } from '../../router/context.js';
import { isStaff } from '../../services/access/jurisdiction.js';
import { findForm } from '../../services/reports/forms/forms.js';
import { readAnswers } from '../../services/reports/load-report-answers.js';
import { canReviewReportsOf } from '../../services/access/report-access.js';
import { REVIEW_COMMENT_MAX } from '../../services/reports/review-report.js';
import { foldText } from '../../lib/vietnamese-text.js';
import { DEFAULT_REVIEW_FILTER, REVIEW_STATUSES, type ReviewFilter, type ReviewStatusFilter } from '../../services/reports/review-filter.js';
import { answerLines } from './report-summary.js';
import { reportName, timeText } from './report-text.js';

/** The officers' review flow and the prefix of its buttons. */
export const REVIEW = 'rvw';
export const REVIEW_LIST_MAX = 8;

/** A report id from a button (a small positive integer), or undefined for anything else. */
export const idArg = (arg: string | undefined) => (arg && /^\d{1,9}$/.test(arg) ? Number(arg) : undefined);

const listButton = (ctx: HandlerContext): Button[] => [
  { label: ctx.t('review.list_button'), action: REVIEW },
  { label: ctx.t('menu.back'), action: 'menu:main' },
];

/** Where the officer is in the list: the page and the filter (kept while they look at reports). */
interface ListState {
  page: number;
  filter: ReviewFilter;
}

const isStatus = (v: unknown): v is ReviewStatusFilter => typeof v === 'string' && (REVIEW_STATUSES as readonly string[]).includes(v);

/** The list state saved in the conversation (the defaults outside the review flow, or when unreadable). */
function listState(ctx: HandlerContext): ListState {
  if (ctx.conversation.flow !== REVIEW) return { page: 1, filter: { ...DEFAULT_REVIEW_FILTER } };
  const d = ctx.conversation.data;
  const f = (d.filter ?? {}) as Record<string, unknown>;
  const page = typeof d.page === 'number' && Number.isInteger(d.page) && d.page >= 1 ? d.page : 1;
  return {
    page,
    filter: {
      status: isStatus(f.status) ? f.status : 'submitted',
      ...(typeof f.commune === 'string' && f.commune ? { commune: f.commune } : {}),
      ...(typeof f.period === 'string' && /^\d{4}(-Q[1-4])?$/.test(f.period) ? { period: f.period } : {}),
    },
  };
}

/** Stays in the review flow at `step`, keeping the list's page and filter. */
function keepList(ctx: HandlerContext, s: ListState, step: 'list' | 'view' | 'comment' | 'confirm', extra: Record<string, unknown> = {}) {
  ctx.goTo(REVIEW, step, { page: s.page, filter: { ...s.filter }, ...extra });
}

const isDefaultFilter = (f: ReviewFilter) => f.status === 'submitted' && !f.commune && !f.period;

/** "chờ duyệt · Xã Tân Lập · 2026": the filter in words. */
function filterText(ctx: HandlerContext, f: ReviewFilter): string {
  const period = f.period ? periodText(ctx, f.period) : undefined;
  return [ctx.t(`review.filter_status.${f.status}`), f.commune, period].filter(Boolean).join(' · ');
}

/** "Xã Tân Lập · năm 2026", or "the whole area": where a filter looks, its status aside. */
function placeText(ctx: HandlerContext, f: ReviewFilter): string {
  return [f.commune, f.period ? periodText(ctx, f.period) : undefined].filter(Boolean).join(' · ') || ctx.t('review.filter_whole_area');
}

function periodText(ctx: HandlerContext, period: string): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(period);
  return m ? ctx.t('review.filter_quarter', { quarter: m[2], year: m[1] }) : ctx.t('review.filter_year', { year: period });
}

/**
 * The reports of the officer's area, newest submission first, a page at a time, filtered by
 * commune, period and status (waiting for review unless asked otherwise). Everything is asked of
 * the database with the officer's jurisdiction.
 */
export async function reviewList(ctx: HandlerContext, notes: string[] = [], state?: ListState): Promise<OutboundMessage[]> {
  const s = state ?? listState(ctx);
  const { reports, total, page, pages } = await ctx.services.pageReportsForReview(ctx.who, { filter: s.filter, page: s.page, pageSize: REVIEW_LIST_MAX });
  keepList(ctx, { ...s, page }, 'list');
  const head = [...notes, ...(notes.length ? [''] : [])];
  const back = [{ label: ctx.t('menu.back'), action: 'menu:main' }];
  const filterButtons: Button[] = [
    ...REVIEW_STATUSES.filter((st) => st !== s.filter.status).map((st) => ({ label: ctx.t(`review.status_button.${st}`), action: `${REVIEW}:st:${st}` })),
    ...(isDefaultFilter(s.filter) ? [] : [{ label: ctx.t('review.clear_button'), action: `${REVIEW}:clr` }]),
  ];
  if (!total) {
    const none = isDefaultFilter(s.filter) ? ctx.t('review.none') : ctx.t('review.none_filtered', { filter: filterText(ctx, s.filter) });
    return [{ text: [...head, none, '', ctx.t('review.filter_hint')].join('\n'), buttons: [filterButtons, back] }];
  }
  const lines = reports.map((r) => {
    const form = findForm(r.form);
    const line = ctx.t('review.line', {
      id: r.id,
      coop: r.cooperative.commune ? `${r.cooperative.name} (${r.cooperative.commune})` : r.cooperative.name,
      report: form ? reportName(ctx.t, form, r.period) : `${r.form} ${r.period}`,
      revision: r.revision,
      at: r.submittedAt ? timeText(r.submittedAt) : '',
    });
    return s.filter.status === 'submitted' ? line : `${line} · ${ctx.t(`reports.status.${r.status}`)}`;
  });
  const title =
    s.filter.status === 'submitted' && isDefaultFilter(s.filter)
      ? ctx.t('review.title', { total })
      : ctx.t('review.title_filtered', { total, filter: filterText(ctx, s.filter) });
  const buttons = reports.map((r) => [
    { label: ctx.t('review.view_label', { id: r.id, coop: r.cooperative.name.slice(0, 40) }), action: `${REVIEW}:v:${r.id}` },
  ]);
  const nav: Button[] = [
    ...(page > 1 ? [{ label: ctx.t('review.prev_button'), action: `${REVIEW}:p:${page - 1}` }] : []),
    ...(page < pages ? [{ label: ctx.t('review.next_button'), action: `${REVIEW}:p:${page + 1}` }] : []),
  ];
  const clean: Button[] = s.filter.status === 'submitted' ? [{ label: ctx.t('review.accept_clean_button'), action: `${REVIEW}:all` }] : [];
  return [
    {
      text: [...head, title, ctx.t('review.page', { page, pages }), ...lines, '', ctx.t('review.filter_hint')].join('\n'),
      buttons: [...buttons, ...[nav, clean, filterButtons].filter((row) => row.length), back],
    },
  ];
}

const STATUS_WORDS: [string, ReviewStatusFilter][] = [
  ['tat ca trang thai', 'all'],
  ['moi trang thai', 'all'],
  ['tat ca', 'all'],
  ['all', 'all'],
  ['cho duyet', 'submitted'],
  ['waiting', 'submitted'],
  ['submitted', 'submitted'],
  ['da chap nhan', 'accepted'],
  ['chap nhan', 'accepted'],
  ['da duyet', 'accepted'],
  ['accepted', 'accepted'],
  ['da tra lai', 'returned'],
  ['bi tra lai', 'returned'],
  ['tra lai', 'returned'],
  ['returned', 'returned'],
];

const withoutPlaceWord = (s: string) => s.replace(/^(xa|phuong|thi tran|commune)\s+/, '');

/**
 * Typed words on the list: "tiếp"/"trước" (or "trang 3") turn pages; a commune ("xa tan lap"), a
 * year or quarter ("2026", "quy 3/2026") and a status ("cho duyet", "tra lai", "tat ca") filter,
 * alone or together; "bỏ lọc" clears. Null: not understood.
 */
async function typedOnList(ctx: HandlerContext, s: ListState): Promise<ListState | null> {
  let text = foldText(ctx.text)
    .replace(/[.!?,;]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (['tiep', 'tiep theo', 'trang sau', 'trang tiep', 'sau', 'xem tiep', 'next', 'more'].includes(text)) return { ...s, page: s.page + 1 };
  if (['truoc', 'trang truoc', 'lui', 'quay lai trang truoc', 'prev', 'previous'].includes(text)) return { ...s, page: Math.max(1, s.page - 1) };
  const pageNo = /^(?:trang|page)\s*(\d{1,4})$/.exec(text);
  if (pageNo) return { ...s, page: Number(pageNo[1]) };
  if (['bo loc', 'xoa loc', 'bo het loc', 'clear', 'clear filter', 'reset'].includes(text)) return { page: 1, filter: { ...DEFAULT_REVIEW_FILTER } };

  const filter: ReviewFilter = { ...s.filter };
  let understood = false;
  for (const [words, status] of STATUS_WORDS) {
    const re = new RegExp(`(^|\\s)${words}(\\s|$)`);
    if (re.test(text)) {
      filter.status = status;
      text = text.replace(re, ' ').trim();
      understood = true;
      break;
    }
  }
  const quarter =
    /(?:^|\s)(?:quy|q|quarter)\s*([1-4])\s*(?:\/|-|nam|of|\s)\s*(20\d{2})(?=\s|$)/.exec(text) ?? /(?:^|\s)(20\d{2})\s*-?\s*q([1-4])(?=\s|$)/.exec(text);
  if (quarter) {
    const [q, y] = /^20/.test(quarter[1]!) ? [quarter[2], quarter[1]] : [quarter[1], quarter[2]];
    filter.period = `${y}-Q${q}`;
    text = text.replace(quarter[0], ' ').trim();
    understood = true;
  } else {
    const year = /(?:^|\s)(?:nam\s+)?(20\d{2})(?=\s|$)/.exec(text);
    if (year) {
      filter.period = year[1];
      text = text.replace(year[0], ' ').trim();
      understood = true;
    }
  }
  text = text.replace(/\s+/g, ' ').trim();
  if (['moi ky', 'tat ca ky', 'any period'].includes(text)) {
    delete filter.period;
    text = '';
    understood = true;
  }
  if (['moi xa', 'tat ca xa', 'ca tinh', 'all communes'].includes(text)) {
    delete filter.commune;
    text = '';
    understood = true;
  }
  if (text) {
    // Only communes of the officer's own area can be chosen (asked of the database with their jurisdiction).
    const communes = await ctx.services.listReviewCommunes(ctx.who);
    const wanted = withoutPlaceWord(text);
    const match = communes.find((c) => foldText(c) === text) ?? communes.find((c) => withoutPlaceWord(foldText(c)) === wanted);
    if (!match) return null;
    filter.commune = match;
    understood = true;
  }
  return understood ? { page: 1, filter } : null;
}

/** "Accept all checked": how many clean reports would be accepted, asked before anything changes. */
async function confirmClean(ctx: HandlerContext, s: ListState): Promise<OutboundMessage[]> {
  const { ids, waiting } = await ctx.services.findCleanReportsForReview(ctx.who, s.filter);
  const filter = placeText(ctx, s.filter);
  if (!ids.length) return reviewList(ctx, [ctx.t('review.clean_none', { count: waiting, filter })], s);
  keepList(ctx, s, 'confirm');
  return [
    {
      text: ctx.t('review.clean_confirm', { count: ids.length, waiting, filter }),
      buttons: [
        [{ label: ctx.t('review.clean_confirm_button', { count: ids.length }), action: `${REVIEW}:allok:${ids.length}` }],
        [{ label: ctx.t('common.cancel'), action: `${REVIEW}:cancel` }],
      ],
    },
  ];
}

/**
 * Accepts every clean report of the filter, each through the single accept (its jurisdiction check,
 * its conditional update and its own audit row), after a confirmation that stated their number: if
 * the number changed meanwhile, the officer is asked again with the new one.
 */
async function acceptClean(ctx: HandlerContext, s: ListState, confirmed: number): Promise<OutboundMessage[]> {
  const { ids } = await ctx.services.findCleanReportsForReview(ctx.who, s.filter);
  if (ids.length !== confirmed) {
    const again = await confirmClean(ctx, s);
    return [{ text: ctx.t('review.clean_changed') }, ...again];
  }
  let accepted = 0;
  let told = 0;
  const unreached: number[] = [];
  for (const id of ids) {
    const result = await ctx.services.reviewReport({ reportId: id, reviewer: ctx.who, decision: 'accept', now: ctx.now });
    if (!result.ok) continue;
    accepted++;
    const n = await tellCooperative(ctx, result.report.cooperativeId, (t) => acceptedNotice(t, result.report));
    told += n;
    if (!n) unreached.push(result.report.cooperativeId);
  }
  ctx.log.info({ accepted, skipped: ids.length - accepted, told }, 'clean reports accepted');
  const notes = [ctx.t('review.clean_done', { count: accepted, told })];
  if (accepted < ids.length) notes.push(ctx.t('review.clean_skipped', { count: ids.length - accepted }));
  if (unreached.length)
    notes.push(ctx.t('review.clean_unreached', { count: new Set(unreached).size }), ctx.t('review.unreached_todo', { coop: ctx.t('review.coop_placeholder') }));
  return reviewList(ctx, notes, { ...s, page: 1 });
}

async function loadForReview(ctx: HandlerContext, id: number) {
  const report = await ctx.services.findReportForReview({ reportId: id });
  if (!report) return { problem: ctx.t('review.not_found', { id }) } as const;
  if (!canReviewReportsOf(ctx.who, report.cooperative)) return { problem: ctx.t('review.not_yours', { id }) } as const;
  const form = findForm(report.form);
  if (!form) return { problem: ctx.t('review.not_found', { id }) } as const;
  return { report, form } as const;
}

/** One report in full, with accept / return buttons while it waits for review. */
async function view(ctx: HandlerContext, id: number): Promise<OutboundMessage[]> {
  // Looking at a report ends a comment being typed for another one (the list's page and filter stay).
  keepList(ctx, listState(ctx), 'view');
  const loaded = await loadForReview(ctx, id);
  if ('problem' in loaded) return [{ text: loaded.problem!, buttons: [listButton(ctx)] }];
  const { report, form } = loaded;
  const answers = readAnswers(form, report.answers);
  const head = ctx.t('review.view_title', {
    id: report.id,
    coop: report.cooperative.name,
    place: [report.cooperative.commune, report.cooperative.province].filter(Boolean).join(', '),
    report: reportName(ctx.t, form, report.period),
    revision: report.revision,
    at: report.submittedAt ? timeText(report.submittedAt) : '—',
    status: ctx.t(`reports.status.${report.status}`),
  });
  const decide: Button[][] =
    report.status === 'submitted'
      ? [
          [
            { label: ctx.t('review.accept'), action: `${REVIEW}:ok:${report.id}` },
            { label: ctx.t('review.return'), action: `${REVIEW}:ret:${report.id}` },
          ],
        ]
      : [];
  return [{ text: [head, '', ...answerLines(ctx, form, answers)].join('\n'), buttons: [...decide, listButton(ctx)] }];
}

/** Tells the cooperative's directors and reporters about a decision, each in their own language. */
async function tellCooperative(ctx: HandlerContext, cooperativeId: number, message: (t: HandlerContext['t']) => OutboundMessage) {
  const filers = await ctx.services.findReportFilers(cooperativeId);
  const sent = await Promise.all(filers.map((f) => ctx.notify(f.personId, { ...message(ctx.translatorFor(f.locale)), locale: f.locale })));
  return sent.filter(Boolean).length;
}

type Decided = { form: string; period: string; cooperativeName: string };

function acceptedNotice(t: HandlerContext['t'], r: Decided): OutboundMessage {
  const form = findForm(r.form)!;
  return { text: t('review.accepted_notice', { report: reportName(t, form, r.period), coop: r.cooperativeName }) };
}

/** Why nobody of the cooperative got the decision, and what to do about it (when `told` is 0). */
async function whyUnreached(ctx: HandlerContext, cooperativeId: number): Promise<string[]> {
  const u = await ctx.services.explainUnreachedFilers(cooperativeId);
  if (!u.filers) return [ctx.t('review.unreached_no_filers'), ctx.t('review.unreached_todo', { coop: cooperativeId })];
  return [
    ctx.t('review.unreached_title'),
    ...(u.noAccount ? [ctx.t('review.unreached_no_account', { count: u.noAccount })] : []),
    ...(u.optedOut ? [ctx.t('review.unreached_opted_out', { count: u.optedOut })] : []),
    ...(u.outsideWindow ? [ctx.t('review.unreached_window', { count: u.outsideWindow })] : []),
    ...(u.other ? [ctx.t('review.unreached_unknown', { count: u.other })] : []),
    ctx.t('review.unreached_todo', { coop: cooperativeId }),
  ];
}

async function decide(ctx: HandlerContext, id: number, decision: 'accept' | 'return', comment?: string): Promise<OutboundMessage[]> {
  const s = listState(ctx);
  const result = await ctx.services.reviewReport({ reportId: id, reviewer: ctx.who, decision, comment, now: ctx.now });
  if (!result.ok) {
    const problem = result.reason === 'not_allowed' ? 'review.not_yours' : result.reason === 'not_found' ? 'review.not_found' : 'review.already_decided';
    return reviewList(ctx, [ctx.t(problem, { id })], s);
  }
  const form = findForm(result.report.form)!;
  const told = await tellCooperative(ctx, result.report.cooperativeId, (t) =>
    decision === 'accept'
      ? acceptedNotice(t, result.report)
      : {
          text: t('review.returned_notice', { report: reportName(t, form, result.report.period), coop: result.report.cooperativeName, comment }),
          buttons: [[{ label: t('review.fix_button'), action: `rep:f:${form.id}:${result.report.period}` }]],
        },
  );
  ctx.log.info({ reportId: id, decision, told }, 'report reviewed');
  const why = told ? [] : await whyUnreached(ctx, result.report.cooperativeId);
  return reviewList(ctx, [ctx.t(decision === 'accept' ? 'review.accepted' : 'review.returned', { id, count: told }), ...why], s);
}

/** `/duyetbaocao`: officers and admins only. */
export const reviewCommand: Handler = async (ctx) =>
  isStaff(ctx.who.role) ? reviewList(ctx, [], { page: 1, filter: { ...DEFAULT_REVIEW_FILTER } }) : [ctx.mainMenu(ctx.t('review.only_officers'))];

/**
 * Buttons `rvw`, `rvw:v:<id>`, `rvw:ok:<id>`, `rvw:ret:<id>`, `rvw:cancel`, `rvw:p:<page>`,
 * `rvw:st:<status>`, `rvw:clr`, `rvw:all` (accept the clean reports: confirm), `rvw:allok:<count>`;
 * the comment typed after "return"; paging and filters typed on the list.
 */
export const reviewHandler: Handler = async (ctx) => {
  if (!isStaff(ctx.who.role)) {
    if (ctx.conversation.flow === REVIEW) ctx.endFlow();
    return [ctx.mainMenu(ctx.t('review.only_officers'))];
  }
  const [verb, arg] = ctx.args;
  const id = idArg(arg);
  if (ctx.action) {
    const s = listState(ctx);
    if (verb === 'p' && id !== undefined) return reviewList(ctx, [], { ...s, page: id });
    if (verb === 'st' && isStatus(arg)) return reviewList(ctx, [], { page: 1, filter: { ...s.filter, status: arg } });
    if (verb === 'clr') return reviewList(ctx, [], { page: 1, filter: { ...DEFAULT_REVIEW_FILTER } });
    if (verb === 'all') return confirmClean(ctx, s);
    if (verb === 'allok' && id !== undefined) return acceptClean(ctx, s, id);
    if (verb === 'v' && id !== undefined) return view(ctx, id);
    if (verb === 'ok' && id !== undefined) return decide(ctx, id, 'accept');
    if (verb === 'ret' && id !== undefined) {
      const loaded = await loadForReview(ctx, id);
      if ('problem' in loaded) return reviewList(ctx, [loaded.problem!]);
      if (loaded.report.status !== 'submitted') return reviewList(ctx, [ctx.t('review.already_decided', { id })]);
      keepList(ctx, listState(ctx), 'comment', { reportId: id });
      return [
        {
          text: ctx.t('review.type_comment', { id, max: REVIEW_COMMENT_MAX }),
          input: 'text',
          buttons: [[{ label: ctx.t('common.cancel'), action: `${REVIEW}:cancel` }]],
        },
      ];
    }
    if (['v', 'ok', 'ret'].includes(verb ?? '')) return reviewList(ctx, [ctx.t('review.not_found', { id: arg })]);
    return reviewList(ctx);
  }
  // Typed text: the comment for a report being returned; else paging and filters of the list.
  const reportId = idArg(String(ctx.conversation.data.reportId ?? ''));
  if (ctx.conversation.step !== 'comment' || reportId === undefined) {
    const s = listState(ctx);
    const next = await typedOnList(ctx, s);
    if (next) return reviewList(ctx, [], next);
    // Not a list word (perhaps a question for the bot): leave the list, say how to use it.
    ctx.endFlow();
    return [{ text: ctx.t('review.not_understood', { text: ctx.text.slice(0, 60), hint: ctx.t('review.filter_hint') }), buttons: [listButton(ctx)] }];
  }
  const comment = ctx.text.trim();
  if (comment.length < 3 || comment.length > REVIEW_COMMENT_MAX) {
    return [
      {
        text: ctx.t('review.comment_length', { max: REVIEW_COMMENT_MAX }),
        input: 'text',
        buttons: [[{ label: ctx.t('common.cancel'), action: `${REVIEW}:cancel` }]],
      },
    ];
  }
  return decide(ctx, reportId, 'return', comment);
};
