import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Received = Readonly<{ eventId: string; signature: string; rawBody: string; body: { id: string; type: string; stream: string; [key: string]: unknown } }>;

/** How the receiver answers one request: a status, or never (the connection hangs until closed). */
export type Answer = number | 'hang';

/**
 * A real HTTP endpoint for outbound webhooks. `answer` decides each request (by its 0-based index);
 * `received` holds every request, failed ones included, in arrival order.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  answer: (index: number, request: Received) => Answer = () => 204;
  private readonly hanging = new Set<ServerResponse>();
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
    return this;
  }

  /** Requests answered with a 2xx, in order. */
  get accepted(): Received[] {
    return this.received.filter((_, i) => this.outcomes[i] !== undefined && this.outcomes[i]! < 300);
  }

  private readonly outcomes: Array<number | undefined> = [];

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const request: Received = {
      eventId: String(req.headers['dialstream-event-id']),
      signature: String(req.headers['dialstream-signature']),
      rawBody,
      body: JSON.parse(rawBody),
    };
    const index = this.received.push(request) - 1;
    const answer = this.answer(index, request);
    if (answer === 'hang') {
      this.hanging.add(res);
      this.outcomes[index] = undefined;
      return;
    }
    this.outcomes[index] = answer;
    res.writeHead(answer).end();
  }
}
