import type { T } from '../../i18n/i18n.js';

/** A sector as a person reads it (the announcements' sector labels), else as stored. */
export const sectorLabel = (t: T, sector: string): string => t(`announcements.sector.${sector}`, { defaultValue: sector });
