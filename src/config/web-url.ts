import type { Config } from './env.js';

/**
 * The address people open the web dashboard at: PUBLIC_URL when set, else this machine's HTTP
 * server (`http://127.0.0.1:<HTTP_PORT>` when it listens on every address or the loopback).
 */
export function webBaseUrl(http: Config['http']): string {
  if (http.publicUrl) return http.publicUrl.replace(/\/+$/, '');
  const wildcard = ['0.0.0.0', '::', '127.0.0.1', 'localhost', '::1'].includes(http.host);
  const host = wildcard ? '127.0.0.1' : http.host.includes(':') ? `[${http.host}]` : http.host;
  return `http://${host}:${http.port}`;
}
