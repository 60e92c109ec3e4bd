import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** How long a file made by /xuatbaocao is kept: long enough to download it again, not for good. */
export const EXPORT_FILE_DAYS = 7;

/**
 * Removes the export files in `dir` older than `days` (they hold cooperatives' figures, so they are
 * not kept indefinitely on the server; the reports themselves stay in the database). Only files
 * named like an export (`bao-cao-…`) are touched. Returns how many were removed.
 */
export async function pruneExportFiles(dir: string, o: { now: Date; days?: number }): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw e;
  }
  const before = o.now.getTime() - (o.days ?? EXPORT_FILE_DAYS) * 86_400_000;
  let removed = 0;
  for (const name of names) {
    if (!/^bao-cao-.*\.(xlsx|csv|json)$/.test(name)) continue;
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => null);
    if (info?.isFile() && info.mtimeMs < before) {
      await rm(file, { force: true });
      removed++;
    }
  }
  return removed;
}
