import { useEffect, useState } from 'preact/hooks';
import { api, live } from '../api.js';
import { ErrorNote, LiveState, Progress, STATUS_LABEL, StatusBadge, when } from '../components.js';
import { html } from '../html.js';

const PAGE = 20;

export function CampaignsPage() {
  const [status, setStatus] = useState('');
  const [cursors, setCursors] = useState([null]);
  const [page, setPage] = useState({ items: [], nextCursor: null });
  const [error, setError] = useState(null);
  const [loading, setLoading] = useState(true);
  const [state, setState] = useState('connecting');
  const cursor = cursors.at(-1);

  const load = async () => {
    setLoading(true);
    try {
      const params = new URLSearchParams({ limit: String(PAGE) });
      if (status) params.set('status', status);
      if (cursor) params.set('cursor', cursor);
      setPage((await api('GET', `/campaigns?${params}`)).body);
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => void load(), [status, cursor]);

  useEffect(
    () =>
      live(
        '/live',
        {
          campaign: (view) =>
            setPage((p) => {
              const known = p.items.some((c) => c.id === view.id);
              if (known) return { ...p, items: p.items.map((c) => (c.id === view.id ? view : c)).filter((c) => !status || c.status === status) };
              // A new campaign belongs on the first page when it passes the filter (newest first).
              if (cursor === null && (!status || view.status === status) && view.version === 0) return { ...p, items: [view, ...p.items].slice(0, PAGE) };
              return p;
            }),
          campaign_deleted: ({ id }) => setPage((p) => ({ ...p, items: p.items.filter((c) => c.id !== id) })),
          resync: () => void load(),
        },
        setState,
      ),
    [status, cursor],
  );

  return html`
    <div class="page-head">
      <h1>Campaigns</h1>
      <${LiveState} state=${state} />
      <a class="button primary" href="#/campaigns/new">New campaign</a>
    </div>
    <div class="toolbar">
      <label for="status-filter">Status</label>
      <select id="status-filter" value=${status} onChange=${(e) => { setStatus(e.target.value); setCursors([null]); }}>
        <option value="">All</option>
        ${['pending', 'in_progress', 'paused', 'completed', 'failed', 'cancelled'].map((s) => html`<option value=${s}>${STATUS_LABEL[s]}</option>`)}
      </select>
    </div>
    <${ErrorNote} error=${error} />
    <table class="campaigns" aria-busy=${loading}>
      <caption class="sr-only">Campaigns, newest first</caption>
      <thead><tr><th scope="col">Name</th><th scope="col">Status</th><th scope="col">Progress</th><th scope="col">In flight / cap</th><th scope="col">Outcomes</th><th scope="col">Next window</th></tr></thead>
      <tbody>
        ${page.items.length === 0 && !loading ? html`<tr><td colspan="6" class="empty">No campaigns${status ? ` with status ${STATUS_LABEL[status]}` : ''}.</td></tr>` : null}
        ${page.items.map((c) => html`<tr data-campaign=${c.id}>
          <td><a href=${`#/campaigns/${c.id}`}>${c.name}</a></td>
          <td><${StatusBadge} status=${c.status} /></td>
          <td><${Progress} stats=${c.stats} label=${`Progress of ${c.name}`} /></td>
          <td class="num">${c.stats.inProgress} / ${c.maxConcurrentCalls}</td>
          <td class="outcomes"><span title="completed">✓ ${c.stats.completed}</span> <span title="failed">✗ ${c.stats.failed}</span>${c.stats.skipped ? html` <span title="skipped">⤼ ${c.stats.skipped}</span>` : null}</td>
          <td>${c.nextWindowOpensAt ? when(c.nextWindowOpensAt) : c.status === 'in_progress' ? 'open now' : '—'}</td>
        </tr>`)}
      </tbody>
    </table>
    <nav class="pager" aria-label="Pages">
      <button type="button" disabled=${cursors.length === 1} onClick=${() => setCursors(cursors.slice(0, -1))}>Previous</button>
      <span>Page ${cursors.length}</span>
      <button type="button" disabled=${!page.nextCursor} onClick=${() => setCursors([...cursors, page.nextCursor])}>Next</button>
    </nav>`;
}
