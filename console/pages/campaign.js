import { useEffect, useRef, useState } from 'preact/hooks';
import { api, live } from '../api.js';
import { doneCount, ErrorNote, LiveState, Progress, StatusBadge, when } from '../components.js';
import { html } from '../html.js';
import { OutcomeChart } from './outcome-chart.js';
import { TimeTravel } from './time-travel.js';

const WAITING_LABEL = {
  campaign_hours: 'outside campaign hours', recipient_hours: 'outside their local hours', frequency_cap: 'frequency cap reached',
  global_cap: 'global cap reached', rate_limit: 'provider rate limit', retry_delay: 'waiting to retry',
};

/** Why a campaign is not dialing right now, from its status, window and waiting counts; null when it is. */
export function whyIdle(view) {
  const s = view.stats;
  switch (view.status) {
    case 'pending': return 'Not started: nothing is dialed until you start it.';
    case 'paused': return 'Paused: no new dials; calls already in flight finish.';
    case 'completed': case 'failed': case 'cancelled': return `Finished (${view.status}) ${when(view.endedAt)}: nothing more will be dialed.`;
    default: break;
  }
  if (view.nextWindowOpensAt) return `Outside the campaign's calling hours: dialing resumes ${when(view.nextWindowOpensAt)}.`;
  const waiting = Object.entries(view.waiting ?? {}).filter(([, n]) => n > 0);
  if (s.inProgress === 0 && waiting.length > 0) {
    return `Nothing to dial now: ${waiting.map(([reason, n]) => `${n} waiting (${WAITING_LABEL[reason] ?? reason})`).join(', ')}.`;
  }
  if (s.inProgress >= view.maxConcurrentCalls) return `At its cap: ${s.inProgress} of ${view.maxConcurrentCalls} calls in flight; the next dial starts when one ends.`;
  if (s.inProgress === 0 && s.pending === 0 && doneCount(s) < s.total) return 'Waiting for scheduled retries.';
  return null;
}

const isFinished = (status) => ['completed', 'failed', 'cancelled'].includes(status);

export function CampaignPage({ id }) {
  const [view, setView] = useState(null);
  const [calls, setCalls] = useState([]);
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState(null);
  const [state, setState] = useState('connecting');
  const [points, setPoints] = useState([]);
  const [editing, setEditing] = useState(null);
  const [estimate, setEstimate] = useState(null);

  const record = (v) => setPoints((p) => [...p, { t: Date.now() / 1000, completed: v.stats.completed, failed: v.stats.failed, inProgress: v.stats.inProgress, attempts: v.stats.attempts }].slice(-2000));
  const upsertCalls = (incoming) =>
    setCalls((list) => {
      const byId = new Map(list.map((c) => [c.id, c]));
      for (const c of incoming) byId.set(c.id, c);
      return [...byId.values()].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).slice(0, 50);
    });

  const load = async () => {
    try {
      const [campaign, page] = await Promise.all([api('GET', `/campaigns/${id}`), api('GET', `/campaigns/${id}/calls?limit=100`)]);
      setView(campaign.body);
      record(campaign.body);
      upsertCalls(page.body.items);
      setError(null);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => void load(), [id]);
  useEffect(
    () =>
      live(
        `/campaigns/${id}/live`,
        {
          campaign: (v) => { if (v) { setView(v); record(v); } },
          call: (c) => upsertCalls([c]),
          campaign_deleted: () => setError(new Error('This campaign was deleted.')),
          resync: () => void load(),
        },
        setState,
      ),
    [id],
  );

  // The simulator's estimate (GET …/eta): campaign windows and recipient hours count. Asked again
  // as the campaign moves on, at most every 15 s.
  const running = view?.status === 'in_progress' || view?.status === 'pending';
  useEffect(() => {
    if (!running) return setEstimate(null);
    let stopped = false;
    const ask = () => api('GET', `/campaigns/${id}/eta`).then((r) => { if (!stopped) setEstimate(r.body); }, () => undefined);
    ask();
    const timer = setInterval(ask, 15_000);
    return () => { stopped = true; clearInterval(timer); };
  }, [id, view?.status]);

  const command = async (action) => {
    setNotice(null);
    try {
      const answer = await api('POST', `/campaigns/${id}/${action}`, { headers: { 'if-match': `"${view.version}"` } });
      setView(answer.body);
    } catch (e) {
      setNotice(conflictMessage(e, view.version));
    }
  };

  if (error && !view) return html`<h1>Campaign</h1><${ErrorNote} error=${error} />`;
  if (!view) return html`<h1>Campaign</h1><p aria-busy="true">Loading…</p>`;
  const s = view.stats;
  const idle = whyIdle(view);
  return html`
    <div class="page-head">
      <h1>${view.name}</h1>
      <${StatusBadge} status=${view.status} />
      <${LiveState} state=${state} />
    </div>
    ${idle ? html`<div class="banner" role="status" data-testid="why-idle"><strong>Why nothing is dialing now: </strong>${idle}</div>` : null}
    <${ErrorNote} error=${error} />
    ${notice ? html`<div class="error" role="alert" data-testid="conflict">${notice} <button type="button" onClick=${() => { setNotice(null); load(); }}>Reload</button></div>` : null}
    <div class="actions">
      ${view.status === 'pending' ? html`<button type="button" class="primary" onClick=${() => command('start')}>Start</button>` : null}
      ${view.status === 'in_progress' ? html`<button type="button" onClick=${() => command('pause')}>Pause</button>` : null}
      ${view.status === 'paused' ? html`<button type="button" class="primary" onClick=${() => command('resume')}>Resume</button>` : null}
      ${!isFinished(view.status) ? html`<button type="button" class="danger" onClick=${() => confirm('Cancel this campaign? Calls not yet dialed will not be.') && command('cancel')}>Cancel campaign</button>` : null}
      ${!isFinished(view.status) && !editing ? html`<button type="button" onClick=${() => setEditing({ version: view.version, name: view.name, maxConcurrentCalls: view.maxConcurrentCalls, maxRetries: view.retryPolicy.maxRetries })}>Edit</button>` : null}
    </div>
    ${editing ? html`<${EditForm} id=${id} draft=${editing} onDone=${(v) => { setEditing(null); if (v) setView(v); }} />` : null}
    <section aria-labelledby="counters-title">
      <h2 id="counters-title">Progress</h2>
      <${Progress} stats=${s} />
      <dl class="tiles" data-testid="counters">
        <div><dt>Total</dt><dd data-count="total">${s.total}</dd></div>
        <div><dt>Pending</dt><dd data-count="pending">${s.pending}</dd></div>
        <div><dt>In flight / cap</dt><dd data-count="in-flight">${s.inProgress} / ${view.maxConcurrentCalls}</dd></div>
        <div><dt>Completed</dt><dd data-count="completed">${s.completed}</dd></div>
        <div><dt>Failed</dt><dd data-count="failed">${s.failed}</dd></div>
        <div><dt>Cancelled</dt><dd>${s.cancelled}</dd></div>
        ${s.skipped !== undefined ? html`<div><dt>Skipped</dt><dd>${s.skipped}</dd></div>` : null}
        <div><dt>Attempts</dt><dd>${s.attempts}</dd></div>
        <div><dt>Retries</dt><dd>${s.retriesAttempted}</dd></div>
        <div><dt>ETA</dt><dd data-testid="eta" title=${etaBasis(estimate)}>${eta(view, estimate, points)}</dd></div>
      </dl>
      ${view.waiting ? html`<p>Waiting: ${Object.entries(view.waiting).map(([r, n]) => `${n} ${WAITING_LABEL[r] ?? r}`).join(' · ') || 'none'}</p>` : null}
    </section>
    <section aria-labelledby="chart-title">
      <h2 id="chart-title">Outcomes over time</h2>
      <${OutcomeChart} points=${points} />
    </section>
    <${TimeTravel} id=${id} createdAt=${view.createdAt} />
    <section aria-labelledby="calls-title">
      <h2 id="calls-title">Recent calls</h2>
      <table class="calls">
        <thead><tr><th scope="col">Number</th><th scope="col">Status</th><th scope="col">Last outcome</th><th scope="col">Attempts</th><th scope="col">Updated</th></tr></thead>
        <tbody>${calls.slice(0, 15).map((c) => html`<tr>
          <td><a href=${`#/calls/${c.id}`}>${c.phoneNumber}</a></td><td><${StatusBadge} status=${c.status} /></td>
          <td>${c.lastOutcome ?? '—'}${c.skipReason ? ` (${c.skipReason})` : ''}${c.waitingFor ? ` · ${WAITING_LABEL[c.waitingFor] ?? c.waitingFor}` : ''}</td>
          <td class="num">${c.attempts.length}</td><td>${when(c.updatedAt)}</td></tr>`)}</tbody>
      </table>
    </section>
    <section aria-labelledby="config-title">
      <h2 id="config-title">Configuration</h2>
      <dl class="config">
        <dt>Calling hours</dt><dd>${view.schedule.windows.map((w) => `${w.days.join(', ')} ${w.start}–${w.end}`).join('; ')} (${view.schedule.timezone})${view.schedule.blackoutDates?.length ? `, not on ${view.schedule.blackoutDates.join(', ')}` : ''}</dd>
        ${'recipientHours' in view ? html`<dt>Recipient hours</dt><dd>${view.recipientHours ? `${view.recipientHours.start}–${view.recipientHours.end} local` : 'none of its own'}${view.complianceRules ? ` · legal rules: ${view.complianceRules}` : ''}</dd>` : null}
        <dt>Retries</dt><dd>${view.retryPolicy.maxRetries} (first after ${view.retryPolicy.initialDelayMs} ms, ×${view.retryPolicy.backoffMultiplier}, at most ${view.retryPolicy.maxDelayMs} ms)</dd>
        ${view.weight !== undefined ? html`<dt>Weight</dt><dd>${view.weight}${view.subject ? ` · subject ${view.subject}` : ''}</dd>` : null}
      </dl>
    </section>
    <p class="meta">Created ${when(view.createdAt)} · started ${when(view.startedAt)} · version ${view.version} · <a href=${`/api/v1/campaigns/${id}/calls`}>calls (JSON)</a></p>`;
}

/** The simulated finish when there is one; otherwise the recent completion rate's extrapolation. */
function eta(view, estimate, points) {
  if (view.status !== 'in_progress' && view.status !== 'pending') return '—';
  if (estimate?.estimatedFinishAt) return `${view.status === 'pending' ? 'if started now: ' : ''}${when(estimate.estimatedFinishAt)}`;
  if (view.status !== 'in_progress') return '—';
  const remaining = view.stats.total - doneCount(view.stats);
  const first = points.find((p) => p.t >= Date.now() / 1000 - 300) ?? points[0];
  const last = points.at(-1);
  if (!first || !last || last.t - first.t < 5) return 'measuring…';
  const rate = (last.completed + last.failed - first.completed - first.failed) / (last.t - first.t);
  if (rate <= 0) return view.nextWindowOpensAt ? `after ${when(view.nextWindowOpensAt)}` : 'unknown';
  const seconds = remaining / rate;
  return seconds < 90 ? `~${Math.ceil(seconds)} s` : `~${Math.ceil(seconds / 60)} min`;
}

function etaBasis(estimate) {
  if (!estimate) return 'from the recent completion rate';
  const basis = estimate.basedOnAttempts > 0 ? `${estimate.basedOnAttempts} recorded attempts` : 'an assumed 30 s answered call each (nothing recorded yet)';
  return `Simulated from now through the dialer's own decisions (calling hours and recipients' local hours count), drawing outcomes from ${basis}.`;
}

function conflictMessage(error, version) {
  if (error.status === 412) return `Someone changed this campaign after you loaded it (you had version ${version}). Nothing was changed: reload to see the current version, then try again.`;
  if (error.status === 409) return `Not possible now: ${error.message}`;
  return error.message;
}

function EditForm({ id, draft, onDone }) {
  const [form, setForm] = useState(draft);
  const [notice, setNotice] = useState(null);
  const first = useRef(null);
  useEffect(() => first.current?.focus(), []);
  const save = async (e) => {
    e.preventDefault();
    setNotice(null);
    try {
      const body = { name: form.name, maxConcurrentCalls: Number(form.maxConcurrentCalls) };
      const answer = await api('PATCH', `/campaigns/${id}`, { body, headers: { 'if-match': `"${draft.version}"` } });
      onDone(answer.body);
    } catch (err) {
      setNotice(conflictMessage(err, draft.version));
    }
  };
  return html`<form class="edit" onSubmit=${save} aria-labelledby="edit-title">
    <h2 id="edit-title">Edit campaign (version ${draft.version})</h2>
    <div class="row">
      <div class="field"><label for="edit-name">Name</label><input id="edit-name" ref=${first} value=${form.name} onInput=${(e) => setForm({ ...form, name: e.target.value })} required /></div>
      <div class="field"><label for="edit-cap">Concurrent calls (cap)</label><input id="edit-cap" type="number" min="1" max="1000" value=${form.maxConcurrentCalls} onInput=${(e) => setForm({ ...form, maxConcurrentCalls: e.target.value })} /></div>
    </div>
    ${notice ? html`<p class="error" role="alert" data-testid="conflict">${notice}</p>` : null}
    <div class="actions"><button type="submit" class="primary">Save</button><button type="button" onClick=${() => onDone(null)}>Close</button></div>
  </form>`;
}
