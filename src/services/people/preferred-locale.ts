import type { Prisma } from '../../generated/prisma/client.js';
import { localeFromHint, type Locale } from '../../i18n/i18n.js';

/** Select this on a person to learn the language to write to them in (see preferredLocale). */
export const localeFields = {
  locale: true,
  accounts: { select: { platformLocale: true }, orderBy: [{ lastInboundAt: { sort: 'desc', nulls: 'last' } }, { id: 'desc' }], take: 1 },
} satisfies Prisma.PersonSelect;

/** Their chosen language, else their most recently used app's, else Vietnamese. */
export function preferredLocale(p: { locale: string | null; accounts: { platformLocale: string | null }[] }): Locale {
  return localeFromHint(p.locale) ?? localeFromHint(p.accounts[0]?.platformLocale) ?? 'vi';
}
