/**
 * A separate process holding `count` server-sent event streams to `url`, so the service's process
 * measures only its own cost. Reports to the parent: `opened` once every stream answered 200, then on
 * `report` the messages received and, for `call` messages, the delay from the call event's
 * `updatedAt` (its recordedAt: the append) to arrival here.
 */
type Stats = { messages: number; bytes: number; latenciesMs: number[]; completedAt: number | null };

const [url, countText] = process.argv.slice(2) as [string, string];
const count = Number(countText);
const stats: Stats = { messages: 0, bytes: 0, latenciesMs: [], completedAt: null };
const abort = new AbortController();

async function follow(): Promise<void> {
  const response = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: abort.signal });
  if (response.status !== 200 || !response.body) throw new Error(`stream answered ${response.status}`);
  opened += 1;
  if (opened === count) process.send?.({ type: 'opened' });
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    const arrived = Date.now();
    stats.bytes += chunk.byteLength;
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (!event || !data) continue;
      stats.messages += 1;
      const view = JSON.parse(data) as { updatedAt?: string; status?: string };
      if (event === 'call' && view.updatedAt) stats.latenciesMs.push(arrived - Date.parse(view.updatedAt));
      if (event === 'campaign' && view.status === 'completed') stats.completedAt ??= arrived;
    }
  }
}

let opened = 0;
for (let i = 0; i < count; i += 1) void follow().catch((error: unknown) => {
  if (!abort.signal.aborted) process.send?.({ type: 'error', message: String(error) });
});
process.on('message', (message: { type: string }) => {
  if (message.type === 'report') process.send?.({ type: 'report', stats });
  if (message.type === 'stop') {
    abort.abort();
    setTimeout(() => process.exit(0), 100);
  }
});
