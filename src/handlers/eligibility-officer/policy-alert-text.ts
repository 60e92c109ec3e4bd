import type { Locale, T } from '../../i18n/i18n.js';
import type { OutboundMessage } from '../../lib/messages.js';
import type { ChangedCooperative, LineChange } from '../../services/eligibility/policy-alert.js';
import { HOTRO } from '../eligibility/eligibility-feature.js';

/** "Miễn tiền thuê đất …: được áp dụng → không còn áp dụng". */
export function changeText(t: T, locale: Locale, c: LineChange): string {
  const before = c.before ? t(`eligoff.outcome.${c.before}`) : t('eligoff.alert.new');
  const after = c.after ? t(`eligoff.outcome.${c.after}`) : t('eligoff.outcome.none');
  return t('eligoff.alert.change', { title: c.title?.[locale] ?? c.ruleId, before, after });
}

/**
 * The message a director gets when their cooperative's evaluation changed: which items changed
 * (their titles and outcomes, no figures: /hotro gives those with their legal basis) and a button
 * that opens /hotro.
 */
export function policyNotice(t: T, locale: Locale, c: Pick<ChangedCooperative, 'cooperative' | 'changes'>): OutboundMessage {
  return {
    text: [
      t('eligoff.notice.title', { coop: c.cooperative.name }),
      t('eligoff.notice.intro', { count: c.changes.length }),
      ...c.changes.map((x) => t('eligoff.notice.line', { change: changeText(t, locale, x) })),
      t('eligoff.notice.hint'),
    ].join('\n'),
    buttons: [[{ label: t('eligoff.notice.button'), action: HOTRO }]],
  };
}

/** The notice in each director's language (for confirmPolicyAlert's `render`). */
export const renderPolicyNotice =
  (translator: (l: Locale) => T) =>
  (locale: Locale, c: ChangedCooperative): OutboundMessage =>
    policyNotice(translator(locale), locale, c);
