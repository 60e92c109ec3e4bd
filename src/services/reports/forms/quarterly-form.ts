import type { FormDef } from '../form-definition.js';
import { SUPPORT_KINDS } from './support-kinds.js';

/** Quarterly quick report: a few figures between the annual reports. */
export const quarterlyForm: FormDef = {
  id: 'quarterly',
  version: 1,
  periodKind: 'quarter',
  fields: [
    { key: 'members', type: 'integer', required: true, basis: 'size_class' },
    { key: 'quarter_revenue', type: 'money', required: true, per: 'quarter', basis: 'suggested' },
    { key: 'difficulties', type: 'text', required: false, maxLength: 1000, basis: 'suggested' },
    { key: 'support_needed', type: 'multi', required: true, options: SUPPORT_KINDS, noneOption: 'none', basis: 'suggested' },
  ],
  checks: [],
};
