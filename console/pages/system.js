import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorNote } from '../components.js';
import { html } from '../html.js';

/** /health/ready answers 503 with the same checks in `message` when one fails. */
const checksOf = (body) => body?.checks ?? body?.message?.checks ?? [];

export function SystemPage() {
  const [ready, setReady] = useState(null);
  const [error, setError] = useState(null);
  const load = async () => {
    try {
      setReady((await api('GET', '//health/ready')).body);
      setError(null);
    } catch (e) {
      if (e.status === 503) setReady(e.body);
      setError(e);
    }
  };
  useEffect(() => {
    void load();
    const timer = setInterval(load, 5000);
    return () => clearInterval(timer);
  }, []);
  const checks = checksOf(ready);
  const projections = checks.find((c) => c.name === 'projections')?.projections ?? [];
  return html`
    <h1>System</h1>
    <p>Refreshed every 5 s from <a href="/health/ready">/health/ready</a>. Metrics: <a href="/metrics">/metrics</a>.</p>
    <${ErrorNote} error=${error} />
    <section aria-labelledby="checks-title">
      <h2 id="checks-title">Readiness</h2>
      <ul class="checks">${checks.map((c) => html`<li><span class=${c.ok ? 'ok' : 'bad'}>${c.ok ? '✓' : '✗'}</span> ${c.name}${c.error ? `: ${c.error}` : ''}</li>`)}</ul>
    </section>
    <section aria-labelledby="projections-title">
      <h2 id="projections-title">Projections</h2>
      <table data-testid="projections">
        <thead><tr><th scope="col">Read model</th><th scope="col">Generation</th><th scope="col">Checkpoint</th><th scope="col">Events behind</th><th scope="col">Seconds behind</th><th scope="col">Quarantined</th></tr></thead>
        <tbody>${projections.map((p) => html`<tr><td>${p.name}</td><td class="num">${p.generation}</td><td><code>${p.checkpoint ?? '—'}</code></td><td class="num">${p.eventsBehind}</td><td class="num">${p.secondsBehind ?? '—'}</td><td class="num">${p.quarantined}</td></tr>`)}</tbody>
      </table>
    </section>`;
}
