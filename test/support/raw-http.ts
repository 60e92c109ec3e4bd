import { connect, type Socket } from 'node:net';

/** An answer as read off the socket: status, headers (lower-case names) and the body. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * A plain HTTP/1.1 client over a TCP socket, for what fetch cannot do: send the headers and part of
 * a body, read the answer while the body is unfinished, then go on sending (or not).
 */
export class RawHttp {
  readonly socket: Socket;
  private received = Buffer.alloc(0);
  private readonly waiting: (() => void)[] = [];
  /** A socket error (ECONNRESET, EPIPE), if one happened. */
  error?: NodeJS.ErrnoException;
  closed = false;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
      this.wake();
    });
    socket.on('error', (err) => {
      this.error = err;
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  static open(baseUrl: string): Promise<RawHttp> {
    const u = new URL(baseUrl);
    return new Promise((resolve, reject) => {
      const s = connect({ host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port) }, () => resolve(new RawHttp(s)));
      s.once('error', reject);
    });
  }

  private wake(): void {
    for (const w of this.waiting.splice(0)) w();
  }

  /** Writes and waits until the socket took it (resolves false when the socket is gone). */
  write(data: string | Buffer): Promise<boolean> {
    if (this.socket.destroyed || this.error) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.socket.write(data, (err) => resolve(!err));
    });
  }

  /** The request line and headers. */
  head(method: string, path: string, headers: Record<string, string>): Promise<boolean> {
    const lines = [`${method} ${path} HTTP/1.1`, 'host: localhost', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    return this.write(`${lines.join('\r\n')}\r\n\r\n`);
  }

  /** One chunk of a chunked body (an empty one ends it). */
  chunk(data: Buffer | string): Promise<boolean> {
    const b = Buffer.from(data);
    return this.write(Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')]));
  }

  /** The first complete answer (Content-Length or chunked), or undefined when the socket closed or failed first. */
  async answer(timeoutMs = 5_000): Promise<RawAnswer | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const parsed = parseAnswer(this.received);
      if (parsed) return parsed;
      if (this.closed || this.error || Date.now() > deadline) return undefined;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiting.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

function parseAnswer(buf: Buffer): RawAnswer | undefined {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = buf.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  const rest = buf.subarray(end + 4);
  let body: Buffer;
  if (headers['content-length'] !== undefined) {
    const n = Number(headers['content-length']);
    if (rest.length < n) return undefined;
    body = rest.subarray(0, n);
  } else if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const parts: Buffer[] = [];
    let at = 0;
    for (;;) {
      const lineEnd = rest.indexOf('\r\n', at);
      if (lineEnd < 0) return undefined;
      const size = parseInt(rest.subarray(at, lineEnd).toString('latin1'), 16);
      if (rest.length < lineEnd + 2 + size + 2) return undefined;
      if (size === 0) break;
      parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
    body = Buffer.concat(parts);
  } else {
    body = rest;
  }
  return { status: Number(statusLine!.split(' ')[1]), headers, body: body.toString('utf8') };
}

/** A full garbage collection (through V8's flag, without --expose-gc on the command line). */
export async function collectGarbage(): Promise<void> {
  const { setFlagsFromString } = await import('node:v8');
  const { runInNewContext } = await import('node:vm');
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  await new Promise((r) => setImmediate(r));
  gc();
}
