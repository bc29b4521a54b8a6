import { useEffect, useState } from 'preact/hooks';
import { api, apiCapabilities } from '../api.js';
import { ErrorNote, when } from '../components.js';
import { html } from '../html.js';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const ZONES = ['UTC', 'America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'Europe/London', 'Europe/Paris', 'Asia/Tokyo'];

const initial = () => ({
  name: '',
  timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  start: '09:00',
  end: '17:30',
  blackoutDates: '',
  recipientStart: '08:00',
  recipientEnd: '21:00',
  complianceRules: 'builtin',
  weight: 1,
  maxConcurrentCalls: 5,
  maxRetries: 2,
  initialDelayMs: 60000,
  backoffMultiplier: 2,
  maxDelayMs: 3600000,
  numbers: '',
});

const pasted = (text) => text.split(/[\n,;]+/).map((s) => s.trim()).filter(Boolean);

/** The numbers as the API takes them: the uploaded CSV as it is, else the pasted list. */
const numbersBody = (form, csv) =>
  csv ? { body: csv.text, contentType: 'text/csv' } : { body: { phoneNumbers: pasted(form.numbers) } };

export function NewCampaignPage() {
  const [form, setForm] = useState(initial);
  const [csv, setCsv] = useState(null);
  const [caps, setCaps] = useState({ createFields: new Set() });
  const [preview, setPreview] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => void apiCapabilities().then(setCaps), []);
  const has = (field) => caps.createFields.has(field);
  const set = (field) => (e) => {
    setForm({ ...form, [field]: e.target.type === 'number' ? Number(e.target.value) : e.target.value });
    setPreview(null);
  };
  const toggleDay = (day) => (e) => setForm({ ...form, days: e.target.checked ? [...form.days, day] : form.days.filter((d) => d !== day) });

  const onFile = async (e) => {
    const file = e.target.files?.[0];
    setPreview(null);
    setCsv(file ? { name: file.name, text: await file.text() } : null);
  };

  const runPreview = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const params = new URLSearchParams({ recipientHoursStart: form.recipientStart, recipientHoursEnd: form.recipientEnd });
      if (has('complianceRules')) params.set('complianceRules', form.complianceRules);
      else params.set('complianceRules', 'none');
      setPreview((await api('POST', `/campaigns/preview?${params}`, numbersBody(form, csv))).body);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const create = async (start) => {
    setBusy(true);
    setError(null);
    try {
      const body = {
        name: form.name,
        schedule: {
          timezone: form.timezone,
          windows: [{ days: form.days, start: form.start, end: form.end }],
          blackoutDates: form.blackoutDates.split(/[\s,]+/).filter(Boolean),
        },
        maxConcurrentCalls: form.maxConcurrentCalls,
        retryPolicy: { maxRetries: form.maxRetries, initialDelayMs: form.initialDelayMs, backoffMultiplier: form.backoffMultiplier, maxDelayMs: form.maxDelayMs },
        ...(has('recipientHours') ? { recipientHours: { start: form.recipientStart, end: form.recipientEnd } } : {}),
        ...(has('complianceRules') ? { complianceRules: form.complianceRules } : {}),
        ...(has('weight') ? { weight: form.weight } : {}),
      };
      const created = (await api('POST', '/campaigns', { body })).body;
      await api('POST', `/campaigns/${created.id}/numbers`, numbersBody(form, csv));
      if (start) await api('POST', `/campaigns/${created.id}/start`);
      location.hash = `#/campaigns/${created.id}`;
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const field = (id, label, props, hint) => html`<div class="field">
    <label for=${id}>${label}</label>
    <input id=${id} value=${form[props.name]} onInput=${set(props.name)} ...${props} aria-describedby=${hint ? `${id}-hint` : undefined} />
    ${hint ? html`<small id=${`${id}-hint`}>${hint}</small>` : null}
  </div>`;

  return html`
    <h1>New campaign</h1>
    <form class="create" onSubmit=${runPreview}>
      ${field('name', 'Name', { name: 'name', required: true, maxLength: 200 })}
      <fieldset>
        <legend>Calling hours (campaign schedule)</legend>
        <div class="field">
          <label for="timezone">Time zone</label>
          <input id="timezone" list="zones" value=${form.timezone} onInput=${set('timezone')} required />
          <datalist id="zones">${ZONES.map((z) => html`<option value=${z} />`)}</datalist>
        </div>
        <fieldset class="days">
          <legend>Days</legend>
          ${DAYS.map((d) => html`<label class="day"><input type="checkbox" name="days" value=${d} checked=${form.days.includes(d)} onChange=${toggleDay(d)} /> ${d}</label>`)}
        </fieldset>
        <div class="row">
          ${field('start', 'From', { name: 'start', type: 'time', required: true })}
          ${field('end', 'Until', { name: 'end', pattern: '([01][0-9]|2[0-3]):[0-5][0-9]|24:00', required: true }, 'HH:MM; 24:00 for midnight; before “From” runs past midnight')}
        </div>
        ${field('blackout', 'Blackout dates', { name: 'blackoutDates', placeholder: '2026-12-25, 2027-01-01' }, 'Optional, YYYY-MM-DD, comma-separated')}
      </fieldset>
      <fieldset>
        <legend>Recipient-local hours</legend>
        <div class="row">
          ${field('recipient-start', 'From', { name: 'recipientStart', pattern: '([01][0-9]|2[0-3]):[0-5][0-9]' })}
          ${field('recipient-end', 'Until', { name: 'recipientEnd', pattern: '([01][0-9]|2[0-3]):[0-5][0-9]|24:00' })}
        </div>
        ${has('complianceRules') ? html`<div class="field"><label for="compliance">Legal calling-hour rules</label>
          <select id="compliance" value=${form.complianceRules} onChange=${set('complianceRules')}>
            <option value="builtin">Built-in (federal and state rules)</option><option value="none">None (recipient hours only)</option>
          </select></div>` : html`<p class="hint">This service version does not gate dials by recipient hours yet; the preview shows what the hours would allow.</p>`}
      </fieldset>
      <fieldset>
        <legend>Pacing and retries</legend>
        <div class="row">
          ${field('cap', 'Concurrent calls (cap)', { name: 'maxConcurrentCalls', type: 'number', min: 1, max: 1000, required: true })}
          ${has('weight') ? field('weight', 'Weight (share of the global cap)', { name: 'weight', type: 'number', min: 1, max: 100 }) : null}
        </div>
        <div class="row">
          ${field('max-retries', 'Retries', { name: 'maxRetries', type: 'number', min: 0, max: 10 })}
          ${field('initial-delay', 'First retry after (ms)', { name: 'initialDelayMs', type: 'number', min: 0 })}
          ${field('multiplier', 'Backoff multiplier', { name: 'backoffMultiplier', type: 'number', min: 1, step: 0.1 })}
          ${field('max-delay', 'Longest delay (ms)', { name: 'maxDelayMs', type: 'number', min: 0 })}
        </div>
      </fieldset>
      <fieldset>
        <legend>Phone numbers</legend>
        <div class="field">
          <label for="numbers">Paste numbers</label>
          <textarea id="numbers" rows="5" value=${form.numbers} onInput=${set('numbers')} aria-describedby="numbers-hint" disabled=${Boolean(csv)}></textarea>
          <small id="numbers-hint">E.164, one per line or comma-separated (e.g. +14155550123).</small>
        </div>
        <div class="field">
          <label for="csv">…or upload a CSV</label>
          <input id="csv" type="file" accept=".csv,text/csv" onChange=${onFile} aria-describedby="csv-hint" />
          <small id="csv-hint">One number per line, or a header row with a phoneNumber column; timezone, zip and name columns are used, any other column becomes a variable.${csv ? ` Using ${csv.name}.` : ''}</small>
        </div>
      </fieldset>
      <${ErrorNote} error=${error} />
      <div class="actions"><button type="submit" class="primary" disabled=${busy}>Preview</button></div>
    </form>
    ${preview ? html`<${PreviewPanel} preview=${preview} busy=${busy} onCreate=${create} />` : null}`;
}

function PreviewPanel({ preview, busy, onCreate }) {
  return html`<section class="preview" aria-labelledby="preview-title">
    <h2 id="preview-title">Preview before launch</h2>
    <dl class="tiles">
      <div><dt>Numbers sent</dt><dd data-count="total">${preview.total}</dd></div>
      <div><dt>Valid</dt><dd data-count="valid">${preview.valid}</dd></div>
      <div><dt>Duplicates</dt><dd data-count="duplicates">${preview.duplicates}</dd></div>
      <div><dt>Invalid</dt><dd data-count="invalid">${preview.invalid}</dd></div>
      <div><dt>On do-not-call list</dt><dd data-count="dnc">${preview.doNotCall}</dd></div>
      <div><dt>May be dialed now</dt><dd data-count="now">${preview.dialableNow}</dd></div>
      <div><dt>Wait for their hours</dt><dd data-count="waiting">${preview.waiting}</dd></div>
    </dl>
    ${preview.invalidSamples.length ? html`<details><summary>Invalid values</summary><ul>${preview.invalidSamples.map((s) => html`<li><code>${JSON.stringify(s.value)}</code>: ${s.reason}</li>`)}</ul></details>` : null}
    <table>
      <caption>By recipient time zone (as of ${when(preview.at)})</caption>
      <thead><tr><th scope="col">Zones</th><th scope="col">Numbers</th><th scope="col">Dialable now</th><th scope="col">Next opens</th></tr></thead>
      <tbody>${preview.byZone.map((z) => html`<tr><td>${z.zones}</td><td class="num">${z.numbers}</td><td class="num">${z.dialableNow}</td><td>${z.nextOpenAt ? when(z.nextOpenAt) : '—'}</td></tr>`)}</tbody>
    </table>
    <div class="actions">
      <button type="button" disabled=${busy || preview.valid === 0} onClick=${() => onCreate(false)}>Create</button>
      <button type="button" class="primary" disabled=${busy || preview.valid === 0} onClick=${() => onCreate(true)}>Create and start</button>
    </div>
  </section>`;
}
