import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { onKeyNeeded } from './api.js';
import { KeyDialog } from './components.js';
import { html } from './html.js';
import { CallPage } from './pages/call.js';
import { CampaignPage } from './pages/campaign.js';
import { CampaignsPage } from './pages/campaigns.js';
import { NewCampaignPage } from './pages/new-campaign.js';
import { DncPage } from './pages/dnc.js';
import { SystemPage } from './pages/system.js';

const ROUTES = [
  [/^#?\/?$/, () => html`<${CampaignsPage} />`, 'Campaigns'],
  [/^#\/campaigns$/, () => html`<${CampaignsPage} />`, 'Campaigns'],
  [/^#\/campaigns\/new$/, () => html`<${NewCampaignPage} />`, 'New campaign'],
  [/^#\/campaigns\/([\w-]+)$/, (id) => html`<${CampaignPage} id=${id} key=${id} />`, 'Campaign'],
  [/^#\/calls\/([\w-]+)$/, (id) => html`<${CallPage} id=${id} key=${id} />`, 'Call'],
  [/^#\/dnc$/, () => html`<${DncPage} />`, 'Do-not-call list'],
  [/^#\/system$/, () => html`<${SystemPage} />`, 'System'],
];

const NAV = [
  ['#/campaigns', 'Campaigns'],
  ['#/campaigns/new', 'New campaign'],
  ['#/dnc', 'Do-not-call'],
  ['#/system', 'System'],
];

function App() {
  const [hash, setHash] = useState(location.hash);
  const [keyRequest, setKeyRequest] = useState(null);
  useEffect(() => {
    const update = () => setHash(location.hash);
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  useEffect(() => onKeyNeeded((request) => setKeyRequest({ ...request, resolve: (key) => { setKeyRequest(null); request.resolve(key); } })), []);
  const route = ROUTES.find(([pattern]) => pattern.test(hash)) ?? ROUTES[0];
  const match = route[0].exec(hash) ?? [];
  useEffect(() => void (document.title = `${route[2]} · dialstream`), [route]);
  const active = (href) => (hash === href || (href === '#/campaigns' && (hash === '' || hash === '#/')) ? 'page' : undefined);
  return html`
    <a class="skip" href="#main" onClick=${(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>Skip to content</a>
    <header class="top">
      <a class="brand" href="#/campaigns">dialstream</a>
      <nav aria-label="Main"><ul>${NAV.map(([href, label]) => html`<li><a href=${href} aria-current=${active(href)}>${label}</a></li>`)}</ul></nav>
      <a class="docs" href="/docs">API docs</a>
    </header>
    <main id="main" tabindex="-1">${route[1](match[1])}</main>
    <${KeyDialog} request=${keyRequest} />
  `;
}

const root = document.getElementById('app');
// Preact renders beside what is there: the boot message goes first.
root.replaceChildren();
render(html`<${App} />`, root);
