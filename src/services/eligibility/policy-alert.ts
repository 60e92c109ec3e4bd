import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { Locale } from '../../i18n/i18n.js';
import type { OutboundMessage } from '../../lib/messages.js';
import type { Jurisdiction } from '../access/jurisdiction.js';
import { cooperativesIn } from '../access/report-access.js';
import { writeAudit } from '../audit/write-audit.js';
import { enqueueOutbox } from '../outbox/enqueue-outbox.js';
import { localeFields, preferredLocale } from '../people/preferred-locale.js';
import { digestLines } from './digest-lines.js';
import { evaluateCooperatives, type CooperativeEvaluation } from './evaluate-area.js';
import type { EligibilityLine } from './evaluate-eligibility.js';
import type { AreaCooperative } from './gather-area-facts.js';
import { OUTCOMES, type Outcome, type Rule } from './rule.js';
import { rulesInForce } from './rules-in-force.js';

/**
 * Policy-change alerts. Each cooperative's EligibilitySnapshot holds what its directors were last
 * told (or, the first time it is evaluated, what it was then: stored without an alert). When the
 * rules or the articles they follow change (a new effective date, a superseded document), an
 * officer previews which cooperatives of their area now evaluate differently, then confirms: one
 * message per director of exactly those cooperatives is queued in the outbox and their snapshots
 * are updated, so confirming again queues nothing more.
 */

/** A line as a snapshot keeps it: what the director was told. */
export interface SnapshotLine {
  ruleId: string;
  /** The rule's title then (a rule since removed still has a name in an alert). */
  title?: { vi: string; en: string };
  outcome: Outcome;
  reason: { key: string; values: Record<string, string | number> };
  missingFacts: string[];
}

const StoredLine = z.object({
  ruleId: z.string(),
  title: z.object({ vi: z.string(), en: z.string() }).optional(),
  outcome: z.enum(OUTCOMES),
  reason: z.object({ key: z.string(), values: z.record(z.string(), z.union([z.string(), z.number()])).default({}) }).optional(),
  missingFacts: z.array(z.string()).default([]),
});
/** A snapshot's lines: a list of lines, or (a shorter form) rule id → outcome. Anything else reads as no lines. */
const StoredLines = z.union([z.array(StoredLine), z.record(z.string(), z.enum(OUTCOMES))]);

type Stored = { outcome: Outcome; detail: string | null; title?: { vi: string; en: string } };

function storedLines(raw: unknown): Map<string, Stored> {
  const parsed = StoredLines.safeParse(raw);
  const out = new Map<string, Stored>();
  if (!parsed.success) return out;
  if (Array.isArray(parsed.data))
    for (const l of parsed.data)
      out.set(l.ruleId, { outcome: l.outcome, detail: l.reason ? detailOf(l as SnapshotLine) : null, ...(l.title ? { title: l.title } : {}) });
  else for (const [ruleId, outcome] of Object.entries(parsed.data)) out.set(ruleId, { outcome, detail: null });
  return out;
}

/** What a line says beyond its outcome (its reason, figures and the facts it waits for), comparable. */
function detailOf(l: Pick<SnapshotLine, 'reason' | 'missingFacts'>): string {
  const values = Object.keys(l.reason.values)
    .sort()
    .map((k) => [k, l.reason.values[k]]);
  return JSON.stringify([l.reason.key, values, [...l.missingFacts].sort()]);
}

/** The lines as a snapshot keeps them, with each rule's title. */
export function snapshotLines(lines: readonly EligibilityLine[], rules: readonly Rule[]): SnapshotLine[] {
  const titles = new Map(rules.map((r) => [r.id, r.title]));
  return lines.map((l) => {
    const title = titles.get(l.ruleId);
    return { ruleId: l.ruleId, ...(title ? { title } : {}), outcome: l.outcome, reason: l.reason, missingFacts: [...l.missingFacts] };
  });
}

/** How one rule's line changed for a cooperative; null: there was (or is) no line. */
export interface LineChange {
  ruleId: string;
  title: { vi: string; en: string } | null;
  before: Outcome | null;
  after: Outcome | null;
}

/**
 * The changes that matter to a director between what they were told and the new lines: a line
 * whose outcome, reason, figures or missing facts differ. A rule that did not apply and now is
 * gone (or the reverse), or still does not apply for another reason, is not news to them.
 */
export function materialChanges(stored: unknown, lines: readonly EligibilityLine[], rules: readonly Rule[]): LineChange[] {
  const before = storedLines(stored);
  const after = new Map(lines.map((l) => [l.ruleId, { outcome: l.outcome, detail: detailOf(l) }]));
  const titles = new Map(rules.map((r) => [r.id, r.title]));
  const nothing = (x: { outcome: Outcome } | undefined) => !x || x.outcome === 'not_applicable';
  const changes: LineChange[] = [];
  for (const ruleId of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(ruleId);
    const a = after.get(ruleId);
    if (nothing(b) && nothing(a)) continue;
    // A short-form snapshot knows only outcomes: compare those.
    if (b && a && b.outcome === a.outcome && (b.detail === null || b.detail === a.detail)) continue;
    changes.push({ ruleId, title: titles.get(ruleId) ?? b?.title ?? null, before: b?.outcome ?? null, after: a?.outcome ?? null });
  }
  return changes.sort((x, y) => (x.ruleId < y.ruleId ? -1 : x.ruleId > y.ruleId ? 1 : 0));
}

export interface AlertDirector {
  personId: number;
  name: string | null;
  locale: Locale;
}

/** A cooperative whose evaluation changed since its directors were last told. */
export interface ChangedCooperative {
  cooperative: AreaCooperative;
  changes: LineChange[];
  /** The new evaluation, stored in its snapshot once the directors are told. */
  digest: string;
  lines: SnapshotLine[];
  directors: AlertDirector[];
}

export interface PolicyAlertPreview {
  /** Active cooperatives of the area evaluated. */
  evaluated: number;
  /** Evaluated for the first time: their snapshot was stored now, without an alert. */
  baselined: number;
  changed: ChangedCooperative[];
  /** Directors of the changed cooperatives (who would be told). */
  directors: number;
}

interface Compared {
  preview: PolicyAlertPreview;
  /** Changed, but in nothing that matters to the director: their snapshot is brought up to date on confirmation. */
  quiet: { cooperativeId: number; digest: string; lines: SnapshotLine[] }[];
}

async function compare(db: Db, o: { jurisdiction: Jurisdiction; now: Date; rules?: readonly Rule[] }): Promise<Compared> {
  const rules = o.rules ?? rulesInForce(o.now).rules;
  const evaluated: CooperativeEvaluation[] = await evaluateCooperatives(db, {
    where: { status: 'active', ...cooperativesIn(o.jurisdiction) },
    now: o.now,
    rules,
  });
  const ids = evaluated.map((e) => e.entry.cooperative.id);
  const snapshots = new Map<number, { digest: string; lines: unknown }>();
  for (let i = 0; i < ids.length; i += 1000) {
    const part = ids.slice(i, i + 1000);
    for (const s of await db.eligibilitySnapshot.findMany({
      where: { cooperativeId: { in: part } },
      select: { cooperativeId: true, digest: true, lines: true },
    })) {
      snapshots.set(s.cooperativeId, s);
    }
  }
  const fresh: Prisma.EligibilitySnapshotCreateManyInput[] = [];
  const changed: Omit<ChangedCooperative, 'directors'>[] = [];
  const quiet: Compared['quiet'] = [];
  for (const { entry, lines } of evaluated) {
    const digest = digestLines(lines);
    const snap = snapshots.get(entry.cooperative.id);
    const kept = snapshotLines(lines, rules);
    if (!snap) {
      fresh.push({ cooperativeId: entry.cooperative.id, digest, lines: kept as unknown as Prisma.InputJsonValue, evaluatedAt: o.now });
      continue;
    }
    if (snap.digest === digest) continue;
    const changes = materialChanges(snap.lines, lines, rules);
    if (changes.length) changed.push({ cooperative: entry.cooperative, changes, digest, lines: kept });
    else quiet.push({ cooperativeId: entry.cooperative.id, digest, lines: kept });
  }
  // The first evaluation of a cooperative is its baseline: nothing to tell anyone yet.
  if (fresh.length) await db.eligibilitySnapshot.createMany({ data: fresh, skipDuplicates: true });
  const people = changed.length
    ? await db.person.findMany({
        where: { role: 'director', cooperativeId: { in: changed.map((c) => c.cooperative.id) } },
        select: { id: true, name: true, cooperativeId: true, ...localeFields },
        orderBy: { id: 'asc' },
      })
    : [];
  const directorsOf = new Map<number, AlertDirector[]>();
  for (const p of people) {
    const list = directorsOf.get(p.cooperativeId!) ?? [];
    list.push({ personId: p.id, name: p.name, locale: preferredLocale(p) });
    directorsOf.set(p.cooperativeId!, list);
  }
  const withDirectors = changed.map((c) => ({ ...c, directors: directorsOf.get(c.cooperative.id) ?? [] }));
  return {
    preview: {
      evaluated: evaluated.length,
      baselined: fresh.length,
      changed: withDirectors,
      directors: withDirectors.reduce((n, c) => n + c.directors.length, 0),
    },
    quiet,
  };
}

/**
 * Which cooperatives of a jurisdiction evaluate differently now (with the rules in force on `now`,
 * or `rules`) from what their directors were last told, and who would be told. Cooperatives never
 * evaluated before get their first snapshot now (no alert). Changes nothing else.
 */
export async function previewPolicyAlert(db: Db, o: { jurisdiction: Jurisdiction; now: Date; rules?: readonly Rule[] }): Promise<PolicyAlertPreview> {
  return (await compare(db, o)).preview;
}

/**
 * A short key of what a preview found (which cooperatives, which new evaluations): a confirmation
 * carries it, so that what is sent is what the officer saw.
 */
export function policyAlertKey(p: Pick<PolicyAlertPreview, 'changed'>): string {
  const canonical = p.changed
    .map((c) => `${c.cooperative.id}:${c.digest}`)
    .sort()
    .join(',');
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 12);
}

/** The outbox topic of one alert: one per cooperative and new evaluation, so a second confirmation queues nothing. */
export const policyAlertTopic = (cooperativeId: number, digest: string) => `policy:${cooperativeId}:${digest}`;

export interface PolicyAlertResult {
  /** False: `expected` was given and the changes are no longer those previewed (nothing done; `preview` is the new one). */
  ok: boolean;
  preview: PolicyAlertPreview;
  cooperatives: number;
  directors: number;
  /** Outbox rows new this time (0 when confirmed twice). */
  queued: number;
  baselined: number;
}

/**
 * Tells the directors of the cooperatives whose evaluation changed (as previewPolicyAlert finds
 * them, recomputed now): one message each, rendered in their language by `render`, queued in the
 * outbox under policyAlertTopic (idempotent), then their snapshots are updated. Audited as
 * `eligibility.policy_alert` with who, the area, the cooperatives and the counts.
 */
export async function confirmPolicyAlert(
  db: Db,
  o: {
    officer: { personId: number | null } & Jurisdiction;
    now: Date;
    rules?: readonly Rule[];
    render: (locale: Locale, c: ChangedCooperative) => OutboundMessage;
    via: 'chat' | 'web' | 'cli';
    /** The policyAlertKey of the preview the officer confirmed; when the changes differ now, nothing is done. */
    expected?: string;
  },
): Promise<PolicyAlertResult> {
  const { preview, quiet } = await compare(db, { jurisdiction: o.officer, now: o.now, rules: o.rules });
  if (o.expected !== undefined && o.expected !== policyAlertKey(preview) && preview.changed.length) {
    return { ok: false, preview, cooperatives: 0, directors: 0, queued: 0, baselined: preview.baselined };
  }
  const rows = preview.changed.flatMap((c) =>
    c.directors.map((d) => ({
      topic: policyAlertTopic(c.cooperative.id, c.digest),
      personId: d.personId,
      message: { ...o.render(d.locale, c), locale: d.locale },
    })),
  );
  const queued = rows.length ? await enqueueOutbox(db, rows) : 0;
  for (const s of [...preview.changed.map((c) => ({ cooperativeId: c.cooperative.id, digest: c.digest, lines: c.lines })), ...quiet]) {
    const data = { digest: s.digest, lines: s.lines as unknown as Prisma.InputJsonValue, evaluatedAt: o.now };
    await db.eligibilitySnapshot.upsert({ where: { cooperativeId: s.cooperativeId }, create: { cooperativeId: s.cooperativeId, ...data }, update: data });
  }
  await writeAudit(db, {
    actorId: o.officer.personId,
    action: 'eligibility.policy_alert',
    subject: `area:${o.officer.province ?? '*'}${o.officer.commune ? `/${o.officer.commune}` : ''}`,
    details: {
      via: o.via,
      cooperativeIds: preview.changed.map((c) => c.cooperative.id),
      rules: [...new Set(preview.changed.flatMap((c) => c.changes.map((x) => x.ruleId)))],
      directors: preview.directors,
      queued,
      baselined: preview.baselined,
      updatedQuietly: quiet.length,
    },
  });
  return { ok: true, preview, cooperatives: preview.changed.length, directors: preview.directors, queued, baselined: preview.baselined };
}
