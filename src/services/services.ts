import type { Db } from '../db/database.js';
import type { ZnsRoute } from './announcements/zns-template.js';
import { announcementStats } from './announcements/announcement-stats.js';
import { claimProgressMessage } from './announcements/claim-progress-message.js';
import { countAnnouncementReach } from './announcements/count-announcement-reach.js';
import { countRsvps } from './announcements/count-rsvps.js';
import { createAnnouncement } from './announcements/create-announcement.js';
import { findAnnouncement } from './announcements/find-announcement.js';
import { findAnnouncementEvent } from './announcements/find-announcement-event.js';
import { areaCooperativesById, findAudience, listAreaCommunes, listAreaSectors, matchAreaCooperatives } from './announcements/find-audience.js';
import { findVisibleAnnouncement } from './announcements/find-visible-announcement.js';
import { finishAnnouncements } from './announcements/finish-announcements.js';
import { listAttendees } from './announcements/list-attendees.js';
import { listAttendingPeople } from './announcements/list-attending-people.js';
import { listEventsToRemind } from './announcements/list-events-to-remind.js';
import { listProgressMessages } from './announcements/list-progress-messages.js';
import { listUndelivered } from './announcements/list-undelivered.js';
import { listVisibleAnnouncements } from './announcements/list-visible-announcements.js';
import { markAttendeesReminded } from './announcements/mark-attendees-reminded.js';
import { queueAnnouncement } from './announcements/queue-announcement.js';
import { queueDueAnnouncements } from './announcements/queue-due-announcements.js';
import { recordRsvp } from './announcements/record-rsvp.js';
import { setProgressMessage } from './announcements/set-progress-message.js';
import { storeAnnouncement } from './announcements/store-announcement.js';
import { authenticate } from './api-tokens/authenticate-api-token.js';
import { writeAudit } from './audit/write-audit.js';
import { importCooperatives } from './registry/import-cooperatives.js';
import { planCooperativeImport } from './registry/plan-cooperative-import.js';
import { loadConversation, saveConversation } from './conversations/conversation.js';
import { bindDemoRole } from './cooperatives/bind-demo-role.js';
import { findCooperative } from './cooperatives/find-cooperative.js';
import { evaluateCooperative } from './eligibility/evaluate-cooperative.js';
import { gatherCooperativeFacts } from './eligibility/gather-cooperative-facts.js';
import { saveCooperativeFact } from './eligibility/save-cooperative-fact.js';
import { evaluateArea } from './eligibility/evaluate-area.js';
import { confirmPolicyAlert, previewPolicyAlert } from './eligibility/policy-alert.js';
import { listQualifyingCooperatives } from './eligibility/qualifying-cooperatives.js';
import { writeEligibilityExport } from './exports/eligibility-sheet.js';
import { changeCooperativeStatus } from './cooperatives/change-cooperative-status.js';
import { findManagedCooperative } from './cooperatives/find-managed-cooperative.js';
import { listCooperativeHistory } from './cooperatives/list-cooperative-history.js';
import { listCooperatives } from './cooperatives/list-cooperatives.js';
import { updateCooperative } from './cooperatives/update-cooperative.js';
import { findRevocablePerson } from './people/find-revocable-person.js';
import { listPeople } from './people/list-people.js';
import { revokeRole } from './people/revoke-role.js';
import { findDashboardReport } from './dashboard/find-dashboard-report.js';
import { latestReportPeriod } from './dashboard/latest-report-period.js';
import { listAreaChoices } from './dashboard/list-area-choices.js';
import { listDashboardReports } from './dashboard/list-dashboard-reports.js';
import { createDownloadLink } from './downloads/create-download-link.js';
import { redeemDownloadLink } from './downloads/redeem-download-link.js';
import { listExportAreas } from './exports/list-export-areas.js';
import { listReportPage } from './exports/list-report-page.js';
import { writeReportExport } from './exports/report-export.js';
import { claimInboundEvent } from './inbound/claim-inbound-event.js';
import { claimChatLease, dropChatLeases, listChatLeaseOwners, releaseChatLease, renewChatLeases } from './inbox/chat-lease.js';
import { failInboxEvent, markInboxReplySent } from './inbox/finish-inbox-work.js';
import { countInboxPending, listInboxChats } from './inbox/list-inbox-chats.js';
import { nextInboxWork } from './inbox/next-inbox-work.js';
import { settleInboxEvent } from './inbox/settle-inbox-event.js';
import { storeInboxEvent } from './inbox/store-inbox-event.js';
import { createInvite } from './invites/create-invite.js';
import { createStaffInvite } from './invites/create-staff-invite.js';
import { findAreaInvite } from './invites/find-area-invite.js';
import { listAreaDirectors } from './invites/list-area-directors.js';
import { listAreaInvites } from './invites/list-area-invites.js';
import { revokeInvite } from './invites/revoke-invite.js';
import { writeInviteSheet } from './invites/invite-sheet-pdf.js';
import { redeemInvite } from './invites/redeem-invite.js';
import { findKnowledgeDraft } from './knowledge/find-knowledge-draft.js';
import { listKnowledgeDrafts } from './knowledge/list-knowledge-drafts.js';
import { listUnanswered } from './knowledge/list-unanswered.js';
import { markDraftReviewed } from './knowledge/mark-draft-reviewed.js';
import { recordFeedback } from './knowledge/record-feedback.js';
import { recordUnansweredQuestion } from './knowledge/record-unanswered.js';
import { pruneExpired } from './maintenance/prune-expired.js';
import { vacuumEmbedded } from './maintenance/vacuum-embedded.js';
import { claimOutbox } from './outbox/claim-outbox.js';
import { countAnnouncementCopies } from './outbox/count-announcement-copies.js';
import { countChannelSent } from './outbox/count-channel-sent.js';
import { findPushedMenu } from './outbox/find-pushed-menu.js';
import { enqueueOutbox } from './outbox/enqueue-outbox.js';
import {
  deferOutbox,
  markOutboxFailed,
  markOutboxSent,
  markOutboxSentAt,
  markOutboxSentMany,
  markOutboxUndeliverable,
  releaseOutbox,
  retryOutboxLater,
} from './outbox/finish-outbox.js';
import { reconcileOutbox } from './outbox/reconcile-outbox.js';
import { renewOutboxClaims } from './outbox/renew-outbox-claims.js';
import { reserveSendSlots } from './outbox/reserve-send-slots.js';
import { createLinkCode } from './people/create-link-code.js';
import { deletePersonalData } from './people/delete-personal-data.js';
import { findConsoleAccount } from './people/find-console-account.js';
import { findOrCreateAccount } from './people/find-or-create-account.js';
import { findPersonName } from './people/find-person-name.js';
import { findPreferredLocale } from './people/find-preferred-locale.js';
import { getPersonalData } from './people/get-personal-data.js';
import { loadIdentity } from './people/identity.js';
import { redeemLinkCode } from './people/link-accounts.js';
import { markAccountBlocked } from './people/mark-account-blocked.js';
import { markAccountFollowing } from './people/mark-account-following.js';
import { markAccountUnreachable } from './people/mark-account-unreachable.js';
import { peekLinkCode } from './people/peek-link-code.js';
import { listReachableAccounts } from './people/pick-reachable-account.js';
import { setAnnouncementsOff } from './people/set-announcements-off.js';
import { touchAccount } from './people/touch-account.js';
import { updatePerson } from './people/update-person.js';
import { loadPlatformToken, platformTokenState, rotatePlatformToken, seedPlatformToken } from './platform-tokens/platform-token.js';
import { answerQuestion } from './questions/answer-question.js';
import { createKnowledgeDraft } from './questions/create-knowledge-draft.js';
import { createQuestion } from './questions/create-question.js';
import { findQuestion } from './questions/find-question.js';
import { findResponsibleOfficers } from './questions/find-responsible-officers.js';
import { listMyQuestions } from './questions/list-my-questions.js';
import { listOpenQuestions } from './questions/list-open-questions.js';
import { markAnswerDelivered } from './questions/mark-answer-delivered.js';
import { findCooperativeReport } from './reports/find-cooperative-report.js';
import { findReminderTargets } from './reports/find-reminder-targets.js';
import { findReportFilers } from './reports/find-report-filers.js';
import { findReportForReview } from './reports/find-report-for-review.js';
import { findReportId } from './reports/find-report-id.js';
import { listCooperativeReports } from './reports/list-cooperative-reports.js';
import { listReportsForReview } from './reports/list-reports-for-review.js';
import { explainUnreachedFilers } from './reports/explain-unreached-filers.js';
import { findCleanReportsForReview } from './reports/find-clean-reports-for-review.js';
import { listReviewCommunes } from './reports/list-review-communes.js';
import { pageReportsForReview } from './reports/page-reports-for-review.js';
import { openReport } from './reports/open-report.js';
import { previousAnswers } from './reports/previous-answers.js';
import { reviewReport } from './reports/review-report.js';
import { revokeReportDelegate } from './reports/revoke-report-delegate.js';
import { saveReportAnswer } from './reports/save-report-answer.js';
import { submitReport } from './reports/submit-report.js';
import { computePlanSummary } from './targets/compute-plan-summary.js';
import { countByCommune } from './targets/count-by-commune.js';
import { createLoginLink } from './web-auth/create-login-link.js';
import { findWebSession } from './web-auth/find-web-session.js';
import { redeemLoginLink } from './web-auth/redeem-login-link.js';
import { revokeWebSession } from './web-auth/revoke-web-session.js';

/**
 * Every service function that handlers, adapters, delivery and jobs may call. Each takes the
 * database as its first argument; createServices binds it, so the callers never hold the Prisma
 * client (HandlerContext has `services`, not `db`). A new service function is added here.
 */
const serviceFunctions = {
  confirmPolicyAlert,
  evaluateArea,
  listQualifyingCooperatives,
  previewPolicyAlert,
  writeEligibilityExport,
  announcementStats,
  answerQuestion,
  areaCooperativesById,
  authenticate,
  bindDemoRole,
  claimInboundEvent,
  claimChatLease,
  countInboxPending,
  dropChatLeases,
  failInboxEvent,
  listChatLeaseOwners,
  listInboxChats,
  markInboxReplySent,
  nextInboxWork,
  releaseChatLease,
  renewChatLeases,
  settleInboxEvent,
  storeInboxEvent,
  claimOutbox,
  claimProgressMessage,
  computePlanSummary,
  countAnnouncementCopies,
  countAnnouncementReach,
  countChannelSent,
  findPushedMenu,
  countByCommune,
  countRsvps,
  createAnnouncement,
  createDownloadLink,
  createInvite,
  createStaffInvite,
  findAreaInvite,
  createKnowledgeDraft,
  createLinkCode,
  createLoginLink,
  createQuestion,
  deletePersonalData,
  enqueueOutbox,
  evaluateCooperative,
  gatherCooperativeFacts,
  saveCooperativeFact,
  findAnnouncement,
  findAnnouncementEvent,
  findAudience,
  findConsoleAccount,
  findCooperative,
  findCooperativeReport,
  findDashboardReport,
  findOrCreateAccount,
  findPersonName,
  findPreferredLocale,
  findQuestion,
  findReminderTargets,
  findReportFilers,
  findReportForReview,
  findReportId,
  findResponsibleOfficers,
  findVisibleAnnouncement,
  findWebSession,
  finishAnnouncements,
  getPersonalData,
  latestReportPeriod,
  listAreaChoices,
  listAreaCommunes,
  listAreaSectors,
  listAttendees,
  listAttendingPeople,
  listCooperativeReports,
  listDashboardReports,
  listEventsToRemind,
  listExportAreas,
  listMyQuestions,
  listOpenQuestions,
  listProgressMessages,
  listReachableAccounts,
  listReportPage,
  listReportsForReview,
  pageReportsForReview,
  listReviewCommunes,
  findCleanReportsForReview,
  explainUnreachedFilers,
  listUnanswered,
  listAreaDirectors,
  listAreaInvites,
  listKnowledgeDrafts,
  findKnowledgeDraft,
  markDraftReviewed,
  revokeInvite,
  writeInviteSheet,
  listUndelivered,
  listVisibleAnnouncements,
  loadConversation,
  loadIdentity,
  loadPlatformToken,
  platformTokenState,
  markAccountBlocked,
  markAccountFollowing,
  markAccountUnreachable,
  markAnswerDelivered,
  markAttendeesReminded,
  deferOutbox,
  markOutboxFailed,
  markOutboxSent,
  markOutboxSentAt,
  markOutboxSentMany,
  markOutboxUndeliverable,
  matchAreaCooperatives,
  openReport,
  peekLinkCode,
  previousAnswers,
  pruneExpired,
  queueAnnouncement,
  queueDueAnnouncements,
  reconcileOutbox,
  recordFeedback,
  recordRsvp,
  recordUnansweredQuestion,
  redeemDownloadLink,
  redeemInvite,
  redeemLinkCode,
  redeemLoginLink,
  releaseOutbox,
  renewOutboxClaims,
  reserveSendSlots,
  retryOutboxLater,
  reviewReport,
  revokeReportDelegate,
  revokeWebSession,
  rotatePlatformToken,
  saveConversation,
  saveReportAnswer,
  seedPlatformToken,
  setAnnouncementsOff,
  setProgressMessage,
  storeAnnouncement,
  submitReport,
  touchAccount,
  updatePerson,
  vacuumEmbedded,
  importCooperatives,
  planCooperativeImport,
  writeAudit,
  writeReportExport,
  // Dashboard administration: cooperatives and people (issue 18).
  changeCooperativeStatus,
  findManagedCooperative,
  findRevocablePerson,
  listCooperativeHistory,
  listCooperatives,
  listPeople,
  revokeRole,
  updateCooperative,
};

type Bound<F> = F extends (db: Db, ...args: infer A) => infer R ? (...args: A) => R : never;
export type Services = { readonly [K in keyof typeof serviceFunctions]: Bound<(typeof serviceFunctions)[K]> };

/** Settings some rules depend on, from the configuration: bound with the database. */
export interface ServiceSettings {
  /** Announcement kinds with a ZNS template (ZALO_ZNS_TEMPLATE_*): their reach and queueing include ZNS. */
  zns?: ZnsRoute;
}

/** The functions whose options object takes `zns` (the caller's own value wins). */
const TAKES_ZNS = new Set<string>(['countAnnouncementReach', 'createAnnouncement', 'queueAnnouncement', 'queueDueAnnouncements']);

/** The service functions with this database bound: what the rest of the house calls. */
export function createServices(db: Db, settings: ServiceSettings = {}): Services {
  const bound: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(serviceFunctions)) {
    const call = fn as (db: Db, ...a: unknown[]) => unknown;
    bound[name] =
      settings.zns && TAKES_ZNS.has(name)
        ? (o: Record<string, unknown>, ...rest: unknown[]) => call(db, { zns: settings.zns, ...o }, ...rest)
        : (...args: unknown[]) => call(db, ...args);
  }
  return bound as Services;
}
