import type { Feature } from '../../router/context.js';
import { isStaff } from '../../services/access/jurisdiction.js';
import { composeHandler, startCompose } from './compose-flow.js';
import { ANN } from './compose-state.js';

/**
 * Announcements: officers and admins compose a training, a trade fair or another notice for the
 * cooperatives of their area (`/thongbao`, "📢 Gửi thông báo"), see exactly what recipients will
 * get and how many it reaches, and send it now or at a set time. Copies go through the outbox.
 */
export const announcementsFeature: Feature = {
  name: 'announcements',
  commands: { thongbao: startCompose },
  actions: { [ANN]: composeHandler },
  flows: { [ANN]: composeHandler },
  menu: (ctx) => (isStaff(ctx.who.role) ? [{ label: ctx.t('announcements.menu'), action: ANN }] : []),
};
