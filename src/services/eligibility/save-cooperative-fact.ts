import type { Db } from '../../db/database.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { writeAudit } from '../audit/write-audit.js';
import { askableFact } from './askable-facts.js';

/**
 * Stores a director's answer about the cooperative (Cooperative.facts[factId]), validated by the
 * fact's zod schema, and audits who gave it (`eligibility.fact`). `value` null forgets the fact.
 * Throws on an unknown fact or a value the schema refuses.
 */
export async function saveCooperativeFact(db: Db, cooperativeId: number, factId: string, value: unknown, actorId: number | null): Promise<void> {
  const fact = askableFact(factId);
  if (!fact) throw new Error(`Unknown eligibility fact "${factId}" (see ASKABLE_FACTS)`);
  const parsed = value === null ? { success: true as const, data: null } : fact.schema.safeParse(value);
  if (!parsed.success) throw new Error(`Invalid value for eligibility fact "${factId}": ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  await db.$transaction(async (tx) => {
    const coop = await tx.cooperative.findUniqueOrThrow({ where: { id: cooperativeId }, select: { facts: true } });
    const facts = { ...((coop.facts && typeof coop.facts === 'object' && !Array.isArray(coop.facts) ? coop.facts : {}) as Record<string, unknown>) };
    const previous = facts[factId] ?? null;
    if (parsed.data === null) delete facts[factId];
    else facts[factId] = parsed.data;
    await tx.cooperative.update({ where: { id: cooperativeId }, data: { facts: facts as Prisma.InputJsonValue } });
    await writeAudit(tx, {
      actorId,
      action: 'eligibility.fact',
      subject: `cooperative:${cooperativeId}`,
      details: { fact: factId, value: parsed.data as Prisma.InputJsonValue, previous: previous as Prisma.InputJsonValue },
    });
  });
}
