import type { Db } from '../../db/database.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { CooperativeKind } from '../../generated/prisma/enums.js';
import { cleanLine } from '../../lib/vietnamese-text.js';
import { canManageCooperative, type DirectoryActor } from '../access/directory-access.js';
import { findCommune } from '../areas/find-commune.js';
import { writeAudit } from '../audit/write-audit.js';
import { COOPERATIVE_KINDS, COOPERATIVE_NAME_MAX, COOPERATIVE_SECTORS, REGISTRATION_CODE_MAX, REGISTRATION_CODE_PATTERN } from './cooperative-fields.js';

/** What the edit form sends, as typed. */
export interface CooperativeForm {
  name: string;
  registrationCode: string;
  commune: string;
  sector: string;
  kind: string;
}

/** Why a field was refused (the page words each one). */
export type CooperativeFieldError =
  | { field: 'name'; code: 'required' | 'too_long' }
  | { field: 'registrationCode'; code: 'bad_format' | 'too_long' | 'taken' }
  | { field: 'commune'; code: 'required' | 'unknown'; suggestions: string[] }
  | { field: 'commune'; code: 'ambiguous'; candidates: string[] }
  | { field: 'commune'; code: 'outside_jurisdiction' }
  | { field: 'sector'; code: 'unknown' }
  | { field: 'kind'; code: 'unknown' };

export type UpdateCooperativeResult =
  | { ok: true; changed: string[] }
  | { ok: false; reason: 'not_found' | 'outside_jurisdiction' }
  | { ok: false; reason: 'invalid'; errors: CooperativeFieldError[] };

const FIELDS = ['name', 'registrationCode', 'commune', 'sector', 'kind'] as const;
type Field = (typeof FIELDS)[number];
type Values = { name: string; registrationCode: string | null; commune: string | null; sector: string; kind: CooperativeKind };

/**
 * Changes a cooperative's name, registration code, commune, sector and kind from the dashboard's
 * form. The commune is checked against the official units of the cooperative's province (typed
 * without diacritics is fine: it is stored as the official name); a commune officer may not move a
 * cooperative out of their commune. Only the fields that changed are written, in one transaction
 * with one audit line (`cooperative.updated`: each changed field before and after), and the
 * directors' and members' area follows a new commune. Refused: outside the officer's jurisdiction,
 * or a list of field errors.
 */
export async function updateCooperative(
  db: Db,
  o: { cooperativeId: number; actor: DirectoryActor; form: CooperativeForm; now?: Date },
): Promise<UpdateCooperativeResult> {
  const current = await db.cooperative.findUnique({
    where: { id: o.cooperativeId },
    select: { id: true, name: true, registrationCode: true, province: true, commune: true, sector: true, kind: true },
  });
  if (!current) return { ok: false, reason: 'not_found' };
  if (!canManageCooperative(o.actor, current)) return { ok: false, reason: 'outside_jurisdiction' };

  const errors: CooperativeFieldError[] = [];
  const name = cleanLine(o.form.name);
  if (!name) errors.push({ field: 'name', code: 'required' });
  else if ([...name].length > COOPERATIVE_NAME_MAX) errors.push({ field: 'name', code: 'too_long' });

  const code = cleanLine(o.form.registrationCode).replace(/\s+/g, '');
  if (code.length > REGISTRATION_CODE_MAX) errors.push({ field: 'registrationCode', code: 'too_long' });
  else if (code && !REGISTRATION_CODE_PATTERN.test(code)) errors.push({ field: 'registrationCode', code: 'bad_format' });
  else if (code && code !== current.registrationCode) {
    const holder = await db.cooperative.findFirst({ where: { registrationCode: code, id: { not: current.id } }, select: { id: true } });
    if (holder) errors.push({ field: 'registrationCode', code: 'taken' });
  }

  let commune: string | null = current.commune;
  const typedCommune = cleanLine(o.form.commune);
  if (!typedCommune) errors.push({ field: 'commune', code: 'required', suggestions: [] });
  else if (typedCommune !== current.commune) {
    const found = findCommune(current.province, typedCommune);
    if ('found' in found) {
      commune = found.found.name;
      if (commune !== current.commune && !canManageCooperative(o.actor, { province: current.province, commune }))
        errors.push({ field: 'commune', code: 'outside_jurisdiction' });
    } else if ('ambiguous' in found) errors.push({ field: 'commune', code: 'ambiguous', candidates: found.ambiguous.map((c) => c.name) });
    else errors.push({ field: 'commune', code: 'unknown', suggestions: found.suggestions.map((c) => c.name) });
  }

  const sector = o.form.sector.trim();
  if (!(COOPERATIVE_SECTORS as readonly string[]).includes(sector)) errors.push({ field: 'sector', code: 'unknown' });
  const kind = COOPERATIVE_KINDS.find((k) => k === o.form.kind.trim());
  if (!kind) errors.push({ field: 'kind', code: 'unknown' });
  if (errors.length || !kind) return { ok: false, reason: 'invalid', errors };

  const next: Values = { name, registrationCode: code || null, commune, sector, kind };
  const before: Values = current;
  const changed = FIELDS.filter((f) => next[f] !== before[f]);
  if (!changed.length) return { ok: true, changed: [] };
  const diff = (pick: Values) => Object.fromEntries(changed.map((f: Field) => [f, pick[f]]));
  try {
    await db.$transaction(async (tx) => {
      await tx.cooperative.update({ where: { id: current.id }, data: diff(next) });
      if (changed.includes('commune'))
        await tx.person.updateMany({ where: { cooperativeId: current.id, role: { in: ['director', 'member'] } }, data: { commune: next.commune } });
      await writeAudit(tx, {
        actorId: o.actor.personId,
        action: 'cooperative.updated',
        subject: `cooperative:${current.id}`,
        details: { province: current.province, commune: next.commune, before: diff(before), after: diff(next), via: 'dashboard' },
      });
    });
  } catch (e) {
    // Another cooperative took the code between the check and the write.
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002')
      return { ok: false, reason: 'invalid', errors: [{ field: 'registrationCode', code: 'taken' }] };
    throw e;
  }
  return { ok: true, changed };
}
