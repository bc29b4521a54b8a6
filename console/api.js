// The API client: one place that adds the key, asks for it on a 401, and opens live streams.
const KEY = 'dialstream.apiKey';
const listeners = new Set();
let asking = null;

export const apiKey = () => sessionStorage.getItem(KEY);
export const setApiKey = (key) => {
  if (key) sessionStorage.setItem(KEY, key);
  else sessionStorage.removeItem(KEY);
};
export const onKeyNeeded = (listener) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** Resolves once the user has given a key (the dialog calls `provideKey`). */
function askForKey(message) {
  asking ??= new Promise((resolve) => {
    for (const l of listeners) l({ message, resolve: (key) => { setApiKey(key); asking = null; resolve(); } });
  });
  return asking;
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ? (Array.isArray(body.message) ? body.message.join('; ') : body.message) : `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

/** `path` is under /api/v1 unless it starts with `//` (then at the root: /health, /docs-json). */
export async function api(method, path, { body, headers = {}, contentType } = {}) {
  const url = path.startsWith('//') ? path.slice(1) : `/api/v1${path}`;
  for (;;) {
    const key = apiKey();
    const init = {
      method,
      headers: {
        accept: 'application/json',
        ...(key ? { 'x-api-key': key } : {}),
        ...(body === undefined ? {} : { 'content-type': contentType ?? 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: contentType ? body : JSON.stringify(body) }),
    };
    const response = await fetch(url, init);
    if (response.status === 401) {
      await askForKey(key ? 'That API key was refused. Enter another one.' : 'This service needs an API key.');
      continue;
    }
    const text = await response.text();
    const data = text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
    if (!response.ok) throw new ApiError(response.status, data);
    return { status: response.status, headers: response.headers, body: data };
  }
}

/**
 * A live stream (server-sent events). With API_KEYS set EventSource cannot send the key, so a
 * short-lived token from POST /live/tokens goes in the URL. The browser reconnects by itself with
 * Last-Event-ID; when it gives up (the token expired), a new token and `lastEventId` resume the stream.
 */
export function live(path, handlers, onState = () => {}) {
  let source = null;
  let lastId = null;
  let closed = false;
  const open = async () => {
    if (closed) return;
    let token = '';
    try {
      token = (await api('POST', '/live/tokens')).body.token;
    } catch {
      onState('offline');
      setTimeout(open, 3000);
      return;
    }
    const params = new URLSearchParams();
    if (token) params.set('access_token', token);
    if (lastId) params.set('lastEventId', lastId);
    const query = params.toString();
    source = new EventSource(`/api/v1${path}${query ? `?${query}` : ''}`);
    source.onopen = () => onState('live');
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        onState('offline');
        setTimeout(open, 2000);
      } else onState('reconnecting');
    };
    for (const [event, handle] of Object.entries(handlers)) {
      source.addEventListener(event, (message) => {
        if (message.lastEventId) lastId = message.lastEventId;
        handle(JSON.parse(message.data));
      });
    }
  };
  void open();
  return () => {
    closed = true;
    source?.close();
  };
}

let capabilities = null;
/** What this service's API offers (fields added by newer versions), read from its OpenAPI document. */
export async function apiCapabilities() {
  capabilities ??= api('GET', '//docs-json').then(({ body }) => {
    const create = body.components?.schemas?.CreateCampaignRequestDto?.properties ?? {};
    return {
      createFields: new Set(Object.keys(create)),
      explain: Boolean(body.paths?.['/api/v1/calls/{id}/explain']),
    };
  }).catch(() => ({ createFields: new Set(), explain: false }));
  return capabilities;
}
