import type { Feature } from '../../router/context.js';
import { isStaff } from '../../services/access/jurisdiction.js';
import { exportHandler, startExport } from './export-flow.js';
import { XBC } from './export-state.js';

/**
 * Officers export the submitted reports of their area to Excel or CSV in the chat (`/xuatbaocao`,
 * "📥 Xuất báo cáo"); the file arrives as a document.
 */
export const exportFeature: Feature = {
  name: 'exports',
  commands: { xuatbaocao: startExport },
  actions: { [XBC]: exportHandler },
  flows: { [XBC]: exportHandler },
  menu: (ctx) => (isStaff(ctx.who.role) ? [{ label: ctx.t('xbc.menu'), action: XBC }] : []),
};
