import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorNote, StatusBadge, when } from '../components.js';
import { html } from '../html.js';

const STEPS = 200;

/** The campaign as it stood at a past instant (GET /campaigns/:id?asOf=), folded from its events. */
export function TimeTravel({ id, createdAt }) {
  const [step, setStep] = useState(STEPS);
  const [view, setView] = useState(null);
  const [error, setError] = useState(null);
  const start = Date.parse(createdAt);
  const end = Date.now();
  const instant = new Date(start + ((end - start) * step) / STEPS);
  useEffect(() => {
    if (step === STEPS) {
      setView(null);
      return undefined;
    }
    const timer = setTimeout(async () => {
      try {
        setView((await api('GET', `/campaigns/${id}?asOf=${encodeURIComponent(instant.toISOString())}`)).body);
        setError(null);
      } catch (e) {
        setError(e);
      }
    }, 250);
    return () => clearTimeout(timer);
  }, [step]);
  return html`<section aria-labelledby="travel-title" class="time-travel">
    <h2 id="travel-title">Time travel</h2>
    <label for="as-of">Show the campaign as of: <output for="as-of">${step === STEPS ? 'now (live)' : when(instant.toISOString())}</output></label>
    <input id="as-of" type="range" min="0" max=${STEPS} value=${step} onInput=${(e) => setStep(Number(e.target.value))} />
    <${ErrorNote} error=${error} />
    ${view ? html`<div class="as-of" data-testid="as-of">
      <p><${StatusBadge} status=${view.status} /> as of ${when(instant.toISOString())} · version ${view.version}</p>
      <p>Total ${view.stats.total} · pending ${view.stats.pending} · in flight ${view.stats.inProgress} · completed ${view.stats.completed} · failed ${view.stats.failed} · attempts ${view.stats.attempts}</p>
      <button type="button" onClick=${() => setStep(STEPS)}>Back to now</button>
    </div>` : null}
  </section>`;
}
