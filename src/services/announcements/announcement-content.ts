import type { AnnouncementKind } from '../../generated/prisma/client.js';

/** What recipients see of an announcement. */
export interface AnnouncementContent {
  id: number;
  kind: AnnouncementKind;
  title: string;
  body: string;
  startsAt: Date | null;
  place: string | null;
  registerBy: Date | null;
}

/** Trainings and trade fairs take "will attend / will not" answers. */
export const takesRsvp = (kind: AnnouncementKind) => kind === 'training' || kind === 'trade_fair';
