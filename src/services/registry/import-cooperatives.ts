import type { Db } from '../../db/database.js';
import { foldText } from '../../lib/vietnamese-text.js';
import { writeAudit } from '../audit/write-audit.js';
import type { ImportCounts } from './import-problems.js';
import { planCooperativeImport, type CooperativeImportPlan, type PlanCooperativeImportOptions } from './plan-cooperative-import.js';

/** A whole file's import may take a while on a small machine: one transaction, generously timed. */
const IMPORT_TX = { maxWait: 30_000, timeout: 180_000 };

export interface ImportCooperativesOptions extends PlanCooperativeImportOptions {
  /** Report what would happen; change nothing. */
  dryRun?: boolean;
  /** Import the valid rows even when some are rejected (else a file with a rejected row imports nothing). */
  skipInvalid?: boolean;
  /** Who imports (a person id for the audit log; null for the shell). */
  actorId: number | null;
  /** Where from, for the audit log: `admin-cli` or `dashboard`. */
  via: string;
}

export interface CooperativeImportResult {
  plan: CooperativeImportPlan;
  dryRun: boolean;
  /** Whether the rows were written (not in a dry run, nor when rejected rows stopped the import). */
  applied: boolean;
  /** What was done (a dry run: what would be done; an import stopped by rejected rows: nothing, and the rejected count). */
  counts: ImportCounts;
}

const rowKey = (c: { registrationCode: string | null; name: string; commune: string | null }) =>
  c.registrationCode ? `code:${c.registrationCode.toUpperCase()}` : `name:${foldText(c.name)}\u0000${foldText(c.commune ?? '')}`;

/**
 * Writes a plan in ONE transaction (every row or none): new cooperatives with their pending
 * directors, changed fields of the ones on record, each cooperative created or updated audited
 * (field names only, no personal data). Everything is read and checked before (planCooperativeImport);
 * nothing but database work happens inside the transaction.
 */
export async function applyCooperativeImport(db: Db, plan: CooperativeImportPlan, o: { actorId: number | null; via: string }): Promise<void> {
  const creates = plan.planned.filter((p) => p.action === 'create');
  const updates = plan.planned.filter((p) => p.action === 'update');
  if (!creates.length && !updates.length) return;
  await db.$transaction(async (tx) => {
    const made = creates.length
      ? await tx.cooperative.createManyAndReturn({
          data: creates.map((p) => ({ ...p.fields, province: plan.province })),
          select: { id: true, registrationCode: true, name: true, commune: true },
        })
      : [];
    const idOf = new Map(made.map((c) => [rowKey(c), c.id]));
    const directors: { role: 'director'; cooperativeId: number; name: string | null; phone: string | null }[] = [];
    for (const p of creates) {
      const id = idOf.get(rowKey(p.fields));
      if (id === undefined) throw new Error(`import: row ${p.row} was not created`);
      if (p.director) directors.push({ role: 'director', cooperativeId: id, name: p.director.name, phone: p.director.phone });
      await writeAudit(tx, {
        actorId: o.actorId,
        action: 'cooperative.created',
        subject: `cooperative:${id}`,
        details: { via: o.via, import: true, row: p.row, ...(p.acceptedSuggestion ? { oldUnit: true } : {}) },
      });
    }
    if (directors.length) await tx.person.createMany({ data: directors });
    for (const p of updates) {
      const id = p.cooperativeId!;
      const data = Object.fromEntries(p.changed.filter((k) => k !== 'director').map((k) => [k, p.fields[k as keyof typeof p.fields]]));
      if (Object.keys(data).length) await tx.cooperative.update({ where: { id }, data });
      const d = p.director;
      if (d?.action === 'create') await tx.person.create({ data: { role: 'director', cooperativeId: id, name: d.name, phone: d.phone } });
      else if (d?.action === 'update') await tx.person.update({ where: { id: d.personId }, data: { name: d.name, phone: d.phone } });
      await writeAudit(tx, {
        actorId: o.actorId,
        action: 'cooperative.updated',
        subject: `cooperative:${id}`,
        details: { via: o.via, import: true, row: p.row, fields: p.changed },
      });
    }
  }, IMPORT_TX);
}

/**
 * `import cooperatives` (the CLI and the dashboard): plans the file (planCooperativeImport), then,
 * unless it is a dry run or rows were rejected without `skipInvalid`, applies it in one transaction.
 */
export async function importCooperatives(db: Db, o: ImportCooperativesOptions): Promise<CooperativeImportResult> {
  const plan = await planCooperativeImport(db, o);
  const dryRun = !!o.dryRun;
  if (dryRun) return { plan, dryRun, applied: false, counts: plan.counts };
  if (plan.rejected.length && !o.skipInvalid) {
    return { plan, dryRun, applied: false, counts: { rows: plan.counts.rows, created: 0, updated: 0, unchanged: 0, rejected: plan.counts.rejected } };
  }
  await applyCooperativeImport(db, plan, o);
  return { plan, dryRun, applied: true, counts: plan.counts };
}
