import type { Button, InboundMessage, OutboundMessage } from '../lib/messages.js';
import type { Delivered } from '../delivery/notify.js';
import type { Locale, T } from '../i18n/i18n.js';
import type { Logger } from '../lib/logger.js';
import type { Conversation } from '../services/conversations/conversation.js';
import type { Identity } from '../services/people/identity.js';
import type { Services } from '../services/services.js';
import type { ReportSchedule } from '../services/reports/report-schedule.js';
import type { PlanTargets } from '../services/targets/plan-targets.js';

/** What a handler gets: the message, who sent it, their language, the conversation, the services. */
export interface HandlerContext {
  msg: InboundMessage;
  /** The button pressed: sent by the platform, or typed as its number or label. */
  action?: string;
  /** The cleaned text ('' when the message has none). */
  text: string;
  /** For a button press `flow:step:arg`, the parts after the first (`['step', 'arg']`). */
  args: string[];
  who: Identity;
  locale: Locale;
  t: T;
  /** The service functions (rules and data access), bound to the database. */
  services: Services;
  log: Logger;
  now: Date;
  /** Report deadlines and reminders, as this deployment configured them. */
  reportSchedule: ReportSchedule;
  /** Plan target sets of this deployment (PLAN_TARGETS_FILE). */
  planTargets: PlanTargets;
  /** Where people open the web dashboard (PUBLIC_URL, or this machine's HTTP server), no trailing slash. */
  webUrl: string;
  /** Folder for exports made in the chat (EXPORTS_DIR). */
  exportsDir: string;
  conversation: Readonly<Conversation>;
  /** Moves the chat to a step of a flow; saved before the reply is sent. */
  goTo(flow: string, step: string, data?: Record<string, unknown>): void;
  /** Leaves the active flow (if any). */
  endFlow(): void;
  /** Re-reads the identity after a service changed the person (role, locale, name). */
  refreshIdentity(): Promise<void>;
  /** The person was erased: nothing about this chat is saved after this message. */
  forget(): void;
  /** These people changed in a way that concerns their other accounts too (a merge): re-read them. */
  forgetPeople(personIds: number[]): void;
  /**
   * Sends a message to another person (on their most recently active reachable channel). Never
   * throws: a failure is logged and gives null, so the caller must keep what matters stored.
   */
  notify(personId: number, msg: OutboundMessage): Promise<Delivered>;
  /** A `t` for another person's language (for messages sent with `notify`). */
  translatorFor(locale: Locale): T;
  /** The main menu for this person, with an optional text above it. */
  mainMenu(text?: string): OutboundMessage;
}

export type Handler = (ctx: HandlerContext) => Promise<OutboundMessage[]>;

/**
 * A feature plugs into the router with commands (`/name`), button actions (by the prefix before
 * the first `:`), flows (multi-step conversations that receive every message while active) and
 * entries of the main menu.
 */
export interface Feature {
  name: string;
  commands?: Record<string, Handler>;
  actions?: Record<string, Handler>;
  flows?: Record<string, Handler>;
  menu?: (ctx: HandlerContext) => Button[];
  /** Free text outside any flow (the last feature that has one wins: policy questions). */
  fallback?: Handler;
  /** Typed phrases (folded, no diacritics) that act like a command, e.g. `huy` → cancel. */
  phrases?: Record<string, Handler>;
}
