import type { Response } from 'express';

/** One SSE message: `data` is JSON on one line (JSON.stringify escapes newlines), so it never splits. */
export const sseMessage = (event: string, data: unknown, id?: string): string =>
  `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

export const SSE_RETRY_MS = 2_000;

/** Headers that keep proxies from buffering or compressing the stream, then the reconnect delay. */
export function openSse(res: Response): void {
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache, no-transform');
  res.setHeader('Connection', 'keep-alive');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  res.socket?.setNoDelay(true);
  res.write(`retry: ${SSE_RETRY_MS}\n\n`);
}
