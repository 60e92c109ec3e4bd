import type { CooperativeKind, CooperativeStatus } from '../../generated/prisma/enums.js';

export type { CooperativeKind, CooperativeStatus };

/** The sectors a cooperative may be recorded in (labels: `announcements.sector.<code>` in locales). */
export const COOPERATIVE_SECTORS = [
  'agriculture',
  'forestry',
  'fishery',
  'industry',
  'handicraft',
  'construction',
  'trade',
  'services',
  'transport',
  'tourism',
  'credit',
  'environment',
  'housing',
  'other',
] as const;

export const COOPERATIVE_KINDS: readonly CooperativeKind[] = ['cooperative', 'union', 'group'];
export const COOPERATIVE_STATUSES: readonly CooperativeStatus[] = ['active', 'suspended', 'dissolved'];

/** The longest name and registration code kept; a reason for a status change. */
export const COOPERATIVE_NAME_MAX = 200;
export const REGISTRATION_CODE_MAX = 40;
export const STATUS_REASON_MIN = 3;
export const STATUS_REASON_MAX = 500;
/** A registration code: letters, digits, and . - / between them (e.g. 4601234567, DL-0012). */
export const REGISTRATION_CODE_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9./-]*[A-Za-z0-9])?$/;
