import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { vnStamp } from '../../lib/vn-time.js';

/**
 * A new file path in `dir` (created if missing) for an export named `filename`: the name with the
 * time (Vietnam) and a random suffix before its extension, so that two exports of the same area
 * never overwrite each other — `bao-cao-annual-2026-tinh-demo-20261123-170412-a1b2c3.xlsx`.
 */
export async function uniqueExportFile(dir: string, filename: string, now: Date): Promise<string> {
  await mkdir(dir, { recursive: true });
  const ext = path.extname(filename);
  const base = path.basename(filename, ext);
  return path.join(dir, `${base}-${vnStamp(now)}-${randomBytes(3).toString('hex')}${ext}`);
}
