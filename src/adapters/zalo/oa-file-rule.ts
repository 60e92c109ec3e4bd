import path from 'node:path';

/**
 * What the OA's `POST /v2.0/oa/upload/file` takes: PDF, DOC and DOCX only, at most 5 MB; other types
 * (XLSX, CSV, JSON) are rejected. This is *reported* (../shared/zalo-api.md, "Corrections and
 * additions", from field-vn/zalo and the official zalo-php-sdk), not read in Zalo's own reference.
 * Anything else goes as a one-time download link instead (src/adapters/file-links.ts).
 */
export const OA_FILE_EXTENSIONS: readonly string[] = ['.pdf', '.doc', '.docx'];
/** 5 MB, read as 5 × 1024 × 1024 bytes (the exact limit is not documented to the byte). */
export const OA_FILE_MAX_BYTES = 5 * 1024 * 1024;

/** Can the OA carry this file as a file message? */
export function oaAcceptsFile(filename: string, size: number): boolean {
  return OA_FILE_EXTENSIONS.includes(path.extname(filename).toLowerCase()) && size <= OA_FILE_MAX_BYTES;
}
