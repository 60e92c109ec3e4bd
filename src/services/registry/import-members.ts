import type { Db } from '../../db/database.js';
import { cleanLine, foldText } from '../../lib/vietnamese-text.js';
import { writeAudit } from '../audit/write-audit.js';
import type { ImportCounts, RejectedRow, RowReason } from './import-problems.js';
import type { RowAction } from './plan-cooperative-import.js';
import { MEMBER_HEADER_LOOKUP } from './register-columns.js';
import { readRegister } from './read-register.js';
import { parseRegisterPhone } from './register-values.js';
import { COOPERATIVE_NAME_MAX } from '../cooperatives/cooperative-fields.js';

const IMPORT_TX = { maxWait: 30_000, timeout: 180_000 };

export interface PlannedMember {
  row: number;
  action: RowAction;
  personId?: number;
  name: string;
  phone: string | null;
  changed: ('name' | 'phone')[];
}

export interface MemberImportPlan {
  cooperativeId: number;
  planned: PlannedMember[];
  rejected: RejectedRow[];
  counts: ImportCounts;
}

export interface ImportMembersOptions {
  file: Buffer;
  cooperativeId: number;
  dryRun?: boolean;
  skipInvalid?: boolean;
  actorId: number | null;
  via: string;
}

export interface MemberImportResult {
  plan: MemberImportPlan;
  dryRun: boolean;
  applied: boolean;
  counts: ImportCounts;
}

/** A cooperative by its id ("12") or registration code: its id and name, or null. */
export async function findImportCooperative(db: Db, ref: string): Promise<{ id: number; name: string; province: string; commune: string | null } | null> {
  const select = { id: true, name: true, province: true, commune: true } as const;
  const trimmed = ref.trim();
  if (/^\d{1,9}$/.test(trimmed)) {
    const byId = await db.cooperative.findUnique({ where: { id: Number(trimmed) }, select });
    if (byId) return byId;
  }
  return db.cooperative.findFirst({ where: { registrationCode: { equals: trimmed, mode: 'insensitive' } }, select });
}

/**
 * Reads a cooperative's member list (name, phone) and plans it, changing nothing: each row makes a
 * pending member (role member, no chat account yet), updates the pending one on record (same phone,
 * else same name), is unchanged, or is rejected with its reasons. People who already joined are
 * never overwritten, and nobody's role is changed.
 */
export async function planMemberImport(db: Db, o: { file: Buffer; cooperativeId: number }): Promise<MemberImportPlan> {
  const table = await readRegister(o.file, MEMBER_HEADER_LOOKUP, ['name']);
  const people = await db.person.findMany({
    where: { cooperativeId: o.cooperativeId },
    orderBy: { id: 'asc' },
    select: { id: true, name: true, phone: true, _count: { select: { accounts: true } } },
  });
  const planned: PlannedMember[] = [];
  const rejected: RejectedRow[] = [];
  const seenPhones = new Map<string, number>();
  const seenNames = new Map<string, number>();
  const seenPeople = new Set<number>();
  for (const { row, values: v } of table.rows) {
    const reasons: RowReason[] = [];
    const name = v.name ? cleanLine(v.name) : '';
    if (!name) reasons.push({ code: 'missing_name', params: {} });
    else if ([...name].length > COOPERATIVE_NAME_MAX) reasons.push({ code: 'name_too_long', params: { max: COOPERATIVE_NAME_MAX } });
    const phone = v.phone ? (parseRegisterPhone(v.phone) ?? null) : null;
    if (v.phone && !phone) reasons.push({ code: 'bad_phone', params: { phone: v.phone } });
    else if (phone && seenPhones.has(phone)) reasons.push({ code: 'duplicate_phone', params: { first: seenPhones.get(phone)! } });
    const folded = foldText(name);
    if (name && !phone && seenNames.has(folded)) reasons.push({ code: 'duplicate_name', params: { first: seenNames.get(folded)! } });
    const match =
      (phone && people.find((p) => p.phone === phone)) ||
      (name ? people.find((p) => p.name && foldText(p.name) === folded && (!phone || !p.phone)) : undefined);
    if (match && seenPeople.has(match.id) && !reasons.length) reasons.push({ code: 'duplicate_name', params: { first: seenNames.get(folded) ?? 0 } });
    if (reasons.length) {
      rejected.push({ row, ...(name ? { name } : {}), reasons });
      continue;
    }
    if (phone) seenPhones.set(phone, row);
    if (!seenNames.has(folded)) seenNames.set(folded, row);
    if (!match) {
      planned.push({ row, action: 'create', name, phone, changed: [] });
      continue;
    }
    seenPeople.add(match.id);
    const changed: PlannedMember['changed'] = [];
    if (match._count.accounts === 0) {
      if (name !== match.name) changed.push('name');
      if (phone && phone !== match.phone) changed.push('phone');
    }
    planned.push({ row, action: changed.length ? 'update' : 'unchanged', personId: match.id, name, phone: phone ?? match.phone, changed });
  }
  const count = (a: RowAction) => planned.filter((p) => p.action === a).length;
  return {
    cooperativeId: o.cooperativeId,
    planned,
    rejected,
    counts: { rows: table.rows.length, created: count('create'), updated: count('update'), unchanged: count('unchanged'), rejected: rejected.length },
  };
}

/**
 * `import members`: plans the file, then (not in a dry run, and only when no row is rejected or
 * `skipInvalid` is given) writes it in one transaction, with one audit line for the cooperative.
 */
export async function importMembers(db: Db, o: ImportMembersOptions): Promise<MemberImportResult> {
  const plan = await planMemberImport(db, o);
  const dryRun = !!o.dryRun;
  if (dryRun) return { plan, dryRun, applied: false, counts: plan.counts };
  if (plan.rejected.length && !o.skipInvalid)
    return { plan, dryRun, applied: false, counts: { rows: plan.counts.rows, created: 0, updated: 0, unchanged: 0, rejected: plan.counts.rejected } };
  const creates = plan.planned.filter((p) => p.action === 'create');
  const updates = plan.planned.filter((p) => p.action === 'update');
  if (creates.length || updates.length) {
    await db.$transaction(async (tx) => {
      if (creates.length)
        await tx.person.createMany({ data: creates.map((p) => ({ role: 'member' as const, cooperativeId: o.cooperativeId, name: p.name, phone: p.phone })) });
      for (const p of updates) await tx.person.update({ where: { id: p.personId }, data: { name: p.name, phone: p.phone } });
      await writeAudit(tx, {
        actorId: o.actorId,
        action: 'cooperative.members_imported',
        subject: `cooperative:${o.cooperativeId}`,
        details: { via: o.via, created: creates.length, updated: updates.length },
      });
    }, IMPORT_TX);
  }
  return { plan, dryRun, applied: true, counts: plan.counts };
}
