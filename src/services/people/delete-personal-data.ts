import type { Db } from '../../db/database.js';
import { writeAudit } from '../audit/write-audit.js';

/**
 * Erases a person: their profile, every channel account and open conversation. The audit log keeps
 * only that person #id erased themselves, with no personal data.
 */
export async function deletePersonalData(db: Db, personId: number): Promise<void> {
  await db.$transaction(async (tx) => {
    const accounts = await tx.channelAccount.findMany({ where: { personId }, select: { channel: true, externalId: true } });
    for (const a of accounts) {
      await tx.conversationState.deleteMany({ where: { channel: a.channel, chatId: a.externalId } });
    }
    await tx.person.delete({ where: { id: personId } });
    await writeAudit(tx, { actorId: null, action: 'person.erased', subject: `person:${personId}`, details: { accounts: accounts.length } });
  });
}
