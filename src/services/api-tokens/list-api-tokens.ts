import type { Db } from '../../db/database.js';
import type { Role } from '../../generated/prisma/enums.js';

/** What may be shown of a token: never the token, never its hash. */
export interface ApiTokenInfo {
  id: number;
  name: string;
  personId: number;
  personName: string | null;
  role: Role;
  province: string | null;
  commune: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** The API tokens, oldest first, of one person or of everyone. */
export async function listApiTokens(db: Db, o: { personId?: number } = {}): Promise<ApiTokenInfo[]> {
  const rows = await db.apiToken.findMany({
    where: o.personId !== undefined ? { personId: o.personId } : {},
    orderBy: { id: 'asc' },
    select: {
      id: true,
      name: true,
      personId: true,
      createdAt: true,
      lastUsedAt: true,
      revokedAt: true,
      person: { select: { name: true, role: true, province: true, commune: true } },
    },
  });
  return rows.map(({ person, ...t }) => ({ ...t, personName: person.name, role: person.role, province: person.province, commune: person.commune }));
}
