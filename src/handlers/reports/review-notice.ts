import type { Notify } from '../../delivery/notify.js';
import type { Locale, T } from '../../i18n/i18n.js';
import type { Logger } from '../../lib/logger.js';
import type { OutboundMessage } from '../../lib/messages.js';
import type { Services } from '../../services/services.js';
import { findForm } from '../../services/reports/forms/forms.js';
import { reportName } from './report-text.js';

/**
 * What a cooperative's directors and reporters are told of an officer's decision, in the reader's
 * language: accepted, or returned with the officer's comment and a button to correct it. The same
 * words as the chat's review (review-flow.ts).
 */
export function reviewNotice(
  t: T,
  report: { form: string; period: string; cooperativeName: string },
  decision: 'accept' | 'return',
  comment?: string,
): OutboundMessage {
  const form = findForm(report.form);
  const name = form ? reportName(t, form, report.period) : `${report.form} ${report.period}`;
  if (decision === 'accept') return { text: t('review.accepted_notice', { report: name, coop: report.cooperativeName }) };
  return {
    text: t('review.returned_notice', { report: name, coop: report.cooperativeName, comment }),
    buttons: [[{ label: t('review.fix_button'), action: `rep:f:${report.form}:${report.period}` }]],
  };
}

/**
 * Tells each of the cooperative's report filers about a decision made outside the chat (the web
 * dashboard), each in their own language; returns how many were reached. A failure to reach one
 * is logged and counted as not reached.
 */
export async function tellReviewDecision(
  o: { services: Pick<Services, 'findReportFilers'>; notify: Notify; translator: (locale: Locale) => T; logger: Logger },
  report: { form: string; period: string; cooperativeId: number; cooperativeName: string },
  decision: 'accept' | 'return',
  comment?: string,
): Promise<number> {
  const filers = await o.services.findReportFilers(report.cooperativeId);
  const sent = await Promise.all(
    filers.map(async (f) => {
      try {
        return await o.notify(f.personId, { ...reviewNotice(o.translator(f.locale), report, decision, comment), locale: f.locale });
      } catch (err) {
        o.logger.warn({ err, personId: f.personId }, 'telling a report filer of a decision failed');
        return null;
      }
    }),
  );
  return sent.filter(Boolean).length;
}
