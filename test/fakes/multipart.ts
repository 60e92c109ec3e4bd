/** A file part of a multipart/form-data body. */
export interface UploadedFile {
  filename: string;
  size: number;
  content: Buffer;
}

/**
 * Minimal multipart/form-data parser for the fake platform servers. Parts are separated by CRLF +
 * "--boundary"; each part is headers, a blank line, then the raw content. Some clients (telegraf)
 * write headers as `name:value` with no space, so the header split tolerates both. Parts with a
 * filename become UploadedFile objects; the others are passed to `text` (default: as they are).
 */
export function parseMultipart(body: Buffer, boundary: string, text: (value: string) => unknown = (v) => v): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // Prefix a CRLF so the first delimiter looks like all the others.
  const buf = Buffer.concat([Buffer.from('\r\n'), body]);
  let pos = buf.indexOf(delimiter);
  while (pos !== -1) {
    let start = pos + delimiter.length;
    if (buf.subarray(start, start + 2).toString() === '--') break; // closing delimiter
    start += 2; // CRLF after the delimiter
    const end = buf.indexOf(delimiter, start);
    if (end === -1) break;
    const part = buf.subarray(start, end);
    pos = end;
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd === -1) continue;
    const headers = new Map<string, string>();
    for (const line of part.subarray(0, headerEnd).toString('utf8').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const disposition = headers.get('content-disposition') ?? '';
    const name = /(?:^|;)\s*name="?([^";]*)"?/i.exec(disposition)?.[1];
    const filename = /(?:^|;)\s*filename="?([^";]*)"?/i.exec(disposition)?.[1];
    if (name === undefined) continue;
    const content = Buffer.from(part.subarray(headerEnd + 4));
    fields[name] = filename === undefined ? text(content.toString('utf8')) : ({ filename, size: content.length, content } satisfies UploadedFile);
  }
  return fields;
}
