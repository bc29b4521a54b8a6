export type SseMessage = Readonly<{ id: string | undefined; event: string; data: unknown }>;

export type SseStream = Readonly<{
  status: number;
  headers: Headers;
  /** What arrived so far, raw: comments (`: heartbeat`) included. */
  text(): string;
  messages: SseMessage[];
  /** Resolves with the first message (from the start of the stream) that `match` accepts. */
  next(match: (m: SseMessage) => boolean, timeoutMs?: number): Promise<SseMessage>;
  /** Resolves once the raw text matches. */
  waitForText(pattern: RegExp, timeoutMs?: number): Promise<void>;
  close(): void;
}>;

/**
 * A server-sent event client on fetch, parsed per the WHATWG rules the console's EventSource applies
 * (fields, blank-line dispatch, comments), so the tests read what a browser would.
 */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  let raw = '';
  const messages: SseMessage[] = [];
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((w) => w());
  if (response.ok && response.body) {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          const text = decoder.decode(chunk, { stream: true });
          raw += text;
          buffer += text;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const fields = block.split('\n').filter((line) => !line.startsWith(':'));
            const field = (name: string) => fields.filter((l) => l.startsWith(`${name}:`)).map((l) => l.slice(name.length + 1).replace(/^ /, ''));
            const data = field('data');
            if (data.length > 0) messages.push({ id: field('id').at(-1), event: field('event').at(-1) ?? 'message', data: JSON.parse(data.join('\n')) });
          }
          notify();
        }
      } catch {
        // aborted by close()
      }
    })();
  }
  const until = <T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const attempt = () => {
        const found = check();
        if (found === undefined) return;
        clearTimeout(timer);
        waiters.delete(attempt);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(attempt);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; got:\n${raw.slice(-2_000)}`));
      }, timeoutMs);
      waiters.add(attempt);
      attempt();
    });
  return {
    status: response.status,
    headers: response.headers,
    text: () => raw,
    messages,
    next: (match, timeoutMs = 20_000) => until(() => messages.find(match), timeoutMs, 'a matching message'),
    waitForText: async (pattern, timeoutMs = 20_000) => void (await until(() => (pattern.test(raw) ? true : undefined), timeoutMs, String(pattern))),
    close: () => abort.abort(),
  };
}
