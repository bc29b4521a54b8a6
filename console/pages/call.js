import { useEffect, useState } from 'preact/hooks';
import { api, apiCapabilities } from '../api.js';
import { ErrorNote, StatusBadge, when } from '../components.js';
import { html } from '../html.js';

const summary = (data) =>
  Object.entries(data ?? {})
    .filter(([k]) => !['callId', 'campaignId'].includes(k))
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`)
    .join(' · ');

export function CallPage({ id }) {
  const [call, setCall] = useState(null);
  const [events, setEvents] = useState([]);
  const [explain, setExplain] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    (async () => {
      try {
        const [view, trail] = await Promise.all([api('GET', `/calls/${id}`), api('GET', `/calls/${id}/events?limit=500`)]);
        setCall(view.body);
        setEvents(trail.body.items);
        if ((await apiCapabilities()).explain) setExplain((await api('GET', `/calls/${id}/explain`)).body);
      } catch (e) {
        setError(e);
      }
    })();
  }, [id]);
  if (!call) return html`<h1>Call</h1>${error ? html`<${ErrorNote} error=${error} />` : html`<p aria-busy="true">Loading…</p>`}`;
  return html`
    <div class="page-head"><h1>Call to ${call.phoneNumber}</h1><${StatusBadge} status=${call.status} /></div>
    ${call.campaignId ? html`<p><a href=${`#/campaigns/${call.campaignId}`}>← Back to its campaign</a></p>` : null}
    <${ErrorNote} error=${error} />
    <dl class="tiles">
      <div><dt>Last outcome</dt><dd>${call.lastOutcome ?? '—'}</dd></div>
      <div><dt>Attempts</dt><dd>${call.attempts.length}</dd></div>
      <div><dt>Next attempt</dt><dd>${when(call.nextAttemptAt)}</dd></div>
      ${call.waitingFor ? html`<div><dt>Waiting for</dt><dd>${call.waitingFor}</dd></div>` : null}
      ${call.skipReason ? html`<div><dt>Skipped because</dt><dd>${call.skipReason}</dd></div>` : null}
    </dl>
    ${explain ? html`<section aria-labelledby="explain-title"><h2 id="explain-title">Why</h2><pre class="explain">${typeof explain === 'string' ? explain : JSON.stringify(explain, null, 2)}</pre></section>` : null}
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <ol class="timeline" data-testid="timeline">
        ${events.map((e) => html`<li>
          <time datetime=${e.recordedAt}>${when(e.recordedAt)}</time>
          <strong>${e.type}</strong>
          <span class="detail">${summary(e.data)}</span>
          <small>by ${e.metadata?.actor ?? 'unknown'} · position ${e.globalPosition}</small>
        </li>`)}
      </ol>
      ${events.length === 0 ? html`<p>Not dialed yet: no events recorded for this call.</p>` : null}
    </section>`;
}
