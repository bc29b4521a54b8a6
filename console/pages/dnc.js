import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorNote, when } from '../components.js';
import { html } from '../html.js';

export function DncPage() {
  const [page, setPage] = useState({ items: [], nextCursor: null });
  const [cursors, setCursors] = useState([null]);
  const [found, setFound] = useState(null);
  const [search, setSearch] = useState('');
  const [add, setAdd] = useState({ numbers: '', reason: '', expiresAt: '' });
  const [csv, setCsv] = useState(null);
  const [message, setMessage] = useState(null);
  const [error, setError] = useState(null);
  const cursor = cursors.at(-1);

  const load = async () => {
    try {
      setPage((await api('GET', `/dnc?limit=25${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).body);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => void load(), [cursor]);

  const lookUp = async (e) => {
    e.preventDefault();
    setError(null);
    setFound(null);
    try {
      setFound((await api('GET', `/dnc/${encodeURIComponent(search.trim())}`)).body);
    } catch (err) {
      if (err.status === 404) setFound({ notListed: search.trim() });
      else setError(err);
    }
  };

  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      const expiresAt = add.expiresAt ? new Date(add.expiresAt).toISOString() : undefined;
      const request = csv
        ? { path: `/dnc?${new URLSearchParams({ reason: add.reason, ...(expiresAt ? { expiresAt } : {}) })}`, body: csv.text, contentType: 'text/csv' }
        : { path: '/dnc', body: { phoneNumbers: add.numbers.split(/[\n,;]+/).map((s) => s.trim()).filter(Boolean), reason: add.reason, ...(expiresAt ? { expiresAt } : {}) } };
      const { added, alreadyListed, invalid } = (await api('POST', request.path, request)).body;
      setMessage(`Added ${added}, already listed ${alreadyListed}, invalid ${invalid.length}.`);
      setAdd({ numbers: '', reason: '', expiresAt: '' });
      setCsv(null);
      await load();
    } catch (err) {
      setError(err);
    }
  };

  const remove = async (phoneNumber) => {
    if (!confirm(`Remove ${phoneNumber} from the do-not-call list? It may be dialed again.`)) return;
    try {
      await api('DELETE', `/dnc/${encodeURIComponent(phoneNumber)}`);
      setMessage(`Removed ${phoneNumber}.`);
      setFound(null);
      await load();
    } catch (err) {
      setError(err);
    }
  };

  return html`
    <h1>Do-not-call list</h1>
    <${ErrorNote} error=${error} />
    ${message ? html`<p role="status" class="ok">${message}</p>` : null}
    <section aria-labelledby="search-title">
      <h2 id="search-title">Look up a number</h2>
      <form class="inline" role="search" onSubmit=${lookUp}>
        <label for="dnc-search">Phone number</label>
        <input id="dnc-search" value=${search} onInput=${(e) => setSearch(e.target.value)} placeholder="+14155550123" required />
        <button type="submit">Look up</button>
      </form>
      ${found?.notListed ? html`<p>${found.notListed} is not on the list.</p>` : null}
      ${found && !found.notListed ? html`<div class="card">
        <p><strong>${found.phoneNumber}</strong>: ${found.reason} (${found.source}), listed ${when(found.listedAt)}, expires ${found.expiresAt ? when(found.expiresAt) : 'never'}.</p>
        <h3>History</h3>
        <ol>${found.history.map((h) => html`<li>${when(h.at)}: ${h.action}${h.reason ? ` — ${h.reason}` : ''} by ${h.actor}</li>`)}</ol>
        <button type="button" class="danger" onClick=${() => remove(found.phoneNumber)}>Remove</button>
      </div>` : null}
    </section>
    <section aria-labelledby="add-title">
      <h2 id="add-title">Add numbers</h2>
      <form onSubmit=${submit}>
        <div class="field"><label for="dnc-numbers">Numbers</label><textarea id="dnc-numbers" rows="3" value=${add.numbers} onInput=${(e) => setAdd({ ...add, numbers: e.target.value })} required=${!csv} disabled=${Boolean(csv)}></textarea></div>
        <div class="field"><label for="dnc-csv">…or upload a CSV of numbers</label>
          <input id="dnc-csv" type="file" accept=".csv,text/csv" onChange=${async (e) => { const f = e.target.files?.[0]; setCsv(f ? { name: f.name, text: await f.text() } : null); }} /></div>
        <div class="row">
          <div class="field"><label for="dnc-reason">Reason</label><input id="dnc-reason" value=${add.reason} onInput=${(e) => setAdd({ ...add, reason: e.target.value })} required /></div>
          <div class="field"><label for="dnc-expires">Expires (optional)</label><input id="dnc-expires" type="datetime-local" value=${add.expiresAt} onInput=${(e) => setAdd({ ...add, expiresAt: e.target.value })} /></div>
        </div>
        <div class="actions"><button type="submit" class="primary">Add to list</button></div>
      </form>
    </section>
    <section aria-labelledby="list-title">
      <h2 id="list-title">Entries in force</h2>
      <table>
        <thead><tr><th scope="col">Number</th><th scope="col">Reason</th><th scope="col">Source</th><th scope="col">Listed</th><th scope="col">Expires</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
        <tbody>
          ${page.items.length === 0 ? html`<tr><td colspan="6" class="empty">The list is empty.</td></tr>` : null}
          ${page.items.map((e) => html`<tr><td>${e.phoneNumber}</td><td>${e.reason}</td><td>${e.source}</td><td>${when(e.listedAt)}</td><td>${e.expiresAt ? when(e.expiresAt) : 'never'}</td>
            <td><button type="button" class="danger small" aria-label=${`Remove ${e.phoneNumber}`} onClick=${() => remove(e.phoneNumber)}>Remove</button></td></tr>`)}
        </tbody>
      </table>
      <nav class="pager" aria-label="Pages">
        <button type="button" disabled=${cursors.length === 1} onClick=${() => setCursors(cursors.slice(0, -1))}>Previous</button>
        <button type="button" disabled=${!page.nextCursor} onClick=${() => setCursors([...cursors, page.nextCursor])}>Next</button>
      </nav>
    </section>`;
}
