import http from 'node:http';
import https from 'node:https';
import { guardedLookup } from './webhook-target.js';

export type PostResult = Readonly<{ ok: true; status: number }> | Readonly<{ ok: false; error: string }>;

/** `signal` cancels the attempt (shutdown); `timeoutMs` bounds it. */
export type PostOptions = Readonly<{ timeoutMs: number; allowPrivate: boolean; signal: AbortSignal }>;

/** What a receiver may answer before we stop reading: the body only matters for the error message. */
const MAX_ERROR_BODY = 200;

/**
 * One delivery attempt: any 2xx is success; another status, a refused target, a connection error or
 * no complete answer within `timeoutMs` is a failure. Redirects are not followed (a 3xx could point
 * anywhere, including at a private address).
 */
export const postWebhook = (url: URL, body: string, headers: Record<string, string>, options: PostOptions): Promise<PostResult> =>
  new Promise((resolve) => {
    const client = url.protocol === 'https:' ? https : http;
    const lookup = guardedLookup(options.allowPrivate);
    const request = client.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
      signal: AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]),
      ...(lookup ? { lookup } : {}),
    });
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        if (text.length < MAX_ERROR_BODY) text += chunk;
      });
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        resolve(status >= 200 && status < 300 ? { ok: true, status } : { ok: false, error: `HTTP ${status} ${text.slice(0, MAX_ERROR_BODY)}`.trim() });
      });
      response.on('error', (error) => resolve({ ok: false, error: error.message }));
    });
    request.on('error', (error) => resolve({ ok: false, error: error.name === 'AbortError' ? `no answer within ${options.timeoutMs} ms` : error.message }));
    request.end(body);
  });
