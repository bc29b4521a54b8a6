import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from './html.js';

export const STATUS_LABEL = {
  pending: 'Pending', in_progress: 'In progress', paused: 'Paused', completed: 'Completed', failed: 'Failed', cancelled: 'Cancelled',
  retry_scheduled: 'Retry scheduled', skipped: 'Skipped',
};

export const StatusBadge = ({ status }) => html`<span class=${`badge badge-${status}`}>${STATUS_LABEL[status] ?? status}</span>`;

/** Calls that will not be dialed again, out of all. */
export const doneCount = (stats) =>
  (stats.completed ?? 0) + (stats.failed ?? 0) + (stats.cancelled ?? 0) + (stats.skipped ?? 0);

export function Progress({ stats, label }) {
  const total = stats.total || 0;
  const done = doneCount(stats);
  const pct = total === 0 ? 0 : Math.round((done / total) * 100);
  return html`<div class="progress" role="progressbar" aria-label=${label ?? 'Calls finished'} aria-valuemin="0" aria-valuemax=${total} aria-valuenow=${done} aria-valuetext=${`${done} of ${total} finished`}>
    <div class="progress-fill" style=${`width:${pct}%`}></div><span class="progress-text">${done} / ${total}</span>
  </div>`;
}

export const when = (iso) => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' }) : '—');

export const ErrorNote = ({ error }) => (error ? html`<p class="error" role="alert">${error.message ?? String(error)}</p>` : null);

export const LiveState = ({ state }) => html`<span class=${`live live-${state}`} role="status">${
  { live: '● Live', reconnecting: '◌ Reconnecting…', offline: '○ Offline', connecting: '◌ Connecting…' }[state] ?? state
}</span>`;

/** Loads `load()` on mount and whenever `deps` change. */
export function useLoad(load, deps) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const reload = () =>
    load().then((data) => setState({ data, error: null, loading: false }), (error) => setState((s) => ({ ...s, error, loading: false })));
  useEffect(() => void reload(), deps);
  return { ...state, reload, setData: (data) => setState((s) => ({ ...s, data: typeof data === 'function' ? data(s.data) : data })) };
}

export function KeyDialog({ request }) {
  const input = useRef(null);
  useEffect(() => input.current?.focus(), [request]);
  if (!request) return null;
  const submit = (event) => {
    event.preventDefault();
    request.resolve(input.current.value.trim());
  };
  return html`<div class="overlay">
    <form class="dialog" role="dialog" aria-modal="true" aria-labelledby="key-title" onSubmit=${submit}>
      <h2 id="key-title">API key</h2>
      <p>${request.message} It is kept for this browser tab only.</p>
      <label for="api-key">API key</label>
      <input id="api-key" ref=${input} type="password" autocomplete="off" required />
      <div class="actions"><button type="submit" class="primary">Use this key</button></div>
    </form>
  </div>`;
}
