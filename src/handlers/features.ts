import type { Feature } from '../router/context.js';
import { announcementsFeature } from './announcements/announcements-feature.js';
import { handoffFeature } from './questions/handoff-feature.js';
import { linkingFeature } from './linking/linking-feature.js';
import { menuFeature } from './menu/menu-feature.js';
import { onboardingFeature } from './onboarding/onboarding-feature.js';
import { policyFeature } from './knowledge/policy-feature.js';
import { eligibilityFeature } from './eligibility/eligibility-feature.js';
import { privacyFeature } from './privacy/privacy-feature.js';
import { reportsFeature } from './reports/report-feature.js';
import { announcementReportsFeature } from './announcements/announcement-report.js';
import { rsvpFeature } from './announcements/rsvp-feature.js';
import { subscriptionFeature } from './subscription/subscription-feature.js';
import { exportFeature } from './exports/export-feature.js';
import { targetsFeature } from './targets/targets-feature.js';
import { webLoginFeature } from './web-auth/web-login-feature.js';
import { policyAlertFeature } from './eligibility-officer/policy-alert-feature.js';

/**
 * Every feature, in the order their buttons appear in the main menu. Free text outside any flow
 * goes to the policy questions (the only fallback).
 */
export const features: Feature[] = [
  onboardingFeature,
  reportsFeature,
  policyFeature,
  // After the policy questions: its fallback answers "htx mình được hưởng gì" and passes other text on to them.
  eligibilityFeature,
  privacyFeature,
  linkingFeature,
  handoffFeature,
  subscriptionFeature,
  rsvpFeature,
  announcementsFeature,
  announcementReportsFeature,
  exportFeature,
  targetsFeature,
  policyAlertFeature,
  webLoginFeature,
  menuFeature,
];
