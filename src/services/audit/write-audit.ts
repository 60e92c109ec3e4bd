import type { Db } from '../../db/database.js';
import type { Prisma } from '../../generated/prisma/client.js';

type Tx = Pick<Db, 'auditLog'>;

/** A value in an audit line's details (JSON). */
export type AuditDetail = Prisma.InputJsonValue | null;

export interface AuditEntry {
  actorId: number | null;
  action: string;
  subject?: string;
  details?: Prisma.InputJsonValue;
}

/** Appends one line to the audit log (who did what to what). Never put secrets in `details`. */
export async function writeAudit(db: Tx, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({ data: entry });
}
