import type { Db } from '../../db/database.js';
import { writeAudit } from '../audit/write-audit.js';

/** The demo jurisdiction used by `npm run chat -- --as <role>` for local trials. */
export const DEMO = {
  province: 'Tỉnh Demo',
  commune: 'Xã An Bình',
  cooperative: { name: 'HTX Nông nghiệp An Bình (demo)', registrationCode: 'DEMO-0001', sector: 'agriculture' },
} as const;

/**
 * Console only: binds a console user to a role with the demo cooperative or jurisdiction, so a
 * newcomer can try officer or director features without an invite. Never reachable from a platform.
 */
export async function bindDemoRole(db: Db, personId: number, role: 'officer' | 'director' | 'member'): Promise<void> {
  const coop = await db.cooperative.upsert({
    where: { registrationCode: DEMO.cooperative.registrationCode },
    update: {},
    create: { ...DEMO.cooperative, province: DEMO.province, commune: DEMO.commune },
  });
  await db.person.update({
    where: { id: personId },
    data:
      role === 'officer'
        ? { role, cooperativeId: null, province: DEMO.province, commune: null }
        : { role, cooperativeId: coop.id, province: DEMO.province, commune: DEMO.commune },
  });
  await writeAudit(db, { actorId: personId, action: 'console.demo_role', subject: `person:${personId}`, details: { role } });
}
