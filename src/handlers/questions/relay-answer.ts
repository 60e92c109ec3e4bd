import type { Notify } from '../../delivery/notify.js';
import type { Locale, T } from '../../i18n/i18n.js';
import type { Logger } from '../../lib/logger.js';
import type { AnswerRefusal, Answerer } from '../../services/questions/answer-question.js';
import type { Services } from '../../services/services.js';

export interface RelayDeps {
  services: Pick<Services, 'answerQuestion' | 'markAnswerDelivered' | 'writeAudit'>;
  notify: Notify;
  /** A `t` for the asker's language. */
  translatorFor: (locale: Locale) => T;
  log: Logger;
}

export type RelayResult = { ok: true; askerId: number; delivered: boolean } | { ok: false; reason: AnswerRefusal };

/**
 * An officer's answer, from the chat (/cauhoi) or the web dashboard alike: records it (one officer
 * wins when two answer at once: the other gets 'already_answered' and nothing is sent), relays it
 * to the asker in their language on the app they use, marks it delivered when it arrived, and
 * audits it. An answer that did not arrive stays readable with /cauhoi.
 */
export async function answerAndRelay(
  deps: RelayDeps,
  a: { questionId: number; answerer: Answerer; text: string; now: Date; via?: 'chat' | 'web' },
): Promise<RelayResult> {
  const result = await deps.services.answerQuestion({ questionId: a.questionId, answerer: a.answerer, text: a.text, now: a.now });
  if (typeof result === 'string') return { ok: false, reason: result };
  const t = deps.translatorFor(result.askerLocale);
  const delivered = await deps.notify(result.askerId, {
    text: t('handoff.relay', { q: result.text, answer: a.text }),
    buttons: [[{ label: t('menu.back'), action: 'menu:main' }]],
    locale: result.askerLocale,
  });
  if (delivered) await deps.services.markAnswerDelivered(a.questionId, a.now);
  await deps.services.writeAudit({
    actorId: a.answerer.personId,
    action: 'question.answered',
    subject: `question:${a.questionId}`,
    details: { askerId: result.askerId, delivered: Boolean(delivered), ...(a.via === 'web' ? { via: 'web' } : {}) },
  });
  deps.log.info({ questionId: a.questionId, delivered: Boolean(delivered), via: a.via ?? 'chat' }, 'question answered');
  return { ok: true, askerId: result.askerId, delivered: Boolean(delivered) };
}
