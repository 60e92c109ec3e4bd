import type { Db } from '../../db/database.js';
import type { AnnouncementKind } from '../../generated/prisma/client.js';
import { countReach, type Reach } from './count-reach.js';
import { findAudience, type AudienceSpec } from './find-audience.js';
import type { ZnsRoute } from './zns-template.js';

/**
 * Who an announcement of this kind to this audience reaches now (the compose preview): how many
 * people match, and the reach by channel, ZNS included when a template is configured for the kind
 * (createServices passes `zns`), and the price of one ZNS message when configured.
 */
export async function countAnnouncementReach(
  db: Db,
  o: { spec: AudienceSpec; kind: AnnouncementKind; now: Date; zns?: ZnsRoute },
): Promise<{ recipients: number; reach: Reach; znsPriceVnd?: number }> {
  const recipients = await findAudience(db, o.spec);
  return { recipients: recipients.length, reach: countReach(recipients, o.now, !!o.zns?.kinds.includes(o.kind)), znsPriceVnd: o.zns?.priceVnd };
}
