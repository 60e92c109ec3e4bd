import type { Logger } from '../lib/logger.js';
import { pruneExportFiles } from '../services/exports/prune-export-files.js';
import type { Services } from '../services/services.js';

export interface HousekeepingDeps {
  services: Pick<Services, 'pruneExpired' | 'vacuumEmbedded'>;
  /** The database's kind: only the embedded one (PGlite) needs a vacuum. */
  databaseKind: 'postgres' | 'pglite';
  /** Where /xuatbaocao writes export files. */
  exportsDir: string;
  logger: Logger;
}

type Pruned = Awaited<ReturnType<Services['pruneExpired']>>;

/**
 * The hourly housekeeping: old event ids, long-expired conversations, link codes and sign-ins,
 * used or expired download links, unanswered questions older than 90 days, week-old export files,
 * and on PGlite the vacuum that autovacuum would do. The three parts run side by side; one failing (logged) does not stop the
 * others. Returns what each did (null: it failed).
 */
export async function runHousekeeping(
  deps: HousekeepingDeps,
  now: Date,
): Promise<{ pruned: Pruned | null; vacuumed: boolean | null; exportFiles: number | null }> {
  const { logger } = deps;
  const [pruned, vacuumed, exportFiles] = await Promise.all([
    deps.services
      .pruneExpired(now)
      .then((n) => {
        if (n.events || n.inbox || n.conversations || n.linkCodes || n.webSignIns || n.downloadLinks || n.unanswered) logger.info(n, 'pruned expired rows');
        return n;
      })
      .catch((err: unknown) => (logger.warn({ err }, 'pruning failed'), null)),
    deps.services.vacuumEmbedded({ kind: deps.databaseKind }).catch((err: unknown) => (logger.warn({ err }, 'vacuum of the embedded database failed'), null)),
    pruneExportFiles(deps.exportsDir, { now })
      .then((files) => {
        if (files) logger.info({ files }, 'removed old export files');
        return files;
      })
      .catch((err: unknown) => (logger.warn({ err }, 'removing old export files failed'), null)),
  ]);
  return { pruned, vacuumed, exportFiles };
}
