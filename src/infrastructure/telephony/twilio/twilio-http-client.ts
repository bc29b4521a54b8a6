import twilio from 'twilio';

type RequestOptions = Parameters<InstanceType<typeof twilio.RequestClient>['request']>[0];

/**
 * The library's own HTTP client with every request sent to another host (TWILIO_API_BASE_URL):
 * path and query are kept, so the REST shape is Twilio's. Tests point it at a local fake.
 */
export class RebasedRequestClient extends twilio.RequestClient {
  readonly #base: URL;

  constructor(baseUrl: string, timeoutMs: number) {
    super({ timeout: timeoutMs });
    this.#base = new URL(baseUrl);
  }

  override request<TData>(opts: RequestOptions & { data?: TData }) {
    const target = new URL(opts.uri);
    const prefix = this.#base.pathname.replace(/\/+$/, '');
    const uri = new URL(`${prefix}${target.pathname}${target.search}`, this.#base.origin).href;
    return super.request<TData>({ ...opts, uri });
  }
}
