import type { CallView, CampaignView } from '../../../../src/application/views.js';
import { renderBatch } from '../../../../src/infrastructure/http/live/live-hub.js';

const campaign = (id: string) => ({ id, status: 'in_progress' }) as unknown as CampaignView;
const call = (id: string, campaignId: string) => ({ id, campaignId, status: 'completed' }) as unknown as CallView;

const batch = {
  position: { commit: 42n, prepare: 3n },
  campaigns: new Map<string, CampaignView | null>([['a', campaign('a')], ['b', campaign('b')], ['gone', null]]),
  calls: new Map([['a', [call('c1', 'a'), call('c2', 'a')]], ['b', [call('c3', 'b')]]]),
  resync: false,
};

const blocks = (text: string) => text.split('\n\n').filter(Boolean);

describe('rendering a live batch for a stream', () => {
  it('gives a campaign stream its campaign and its calls, with the position only on the last message', () => {
    const messages = blocks(renderBatch(batch, { campaignId: 'a' }));
    expect(messages.map((m) => /^event: (.*)$/m.exec(m)![1])).toEqual(['campaign', 'call', 'call']);
    expect(messages.map((m) => /^id: (.*)$/m.exec(m)?.[1])).toEqual([undefined, undefined, '42/3']);
  });

  it('gives the all-campaigns stream every campaign and deletion, and no calls', () => {
    const messages = blocks(renderBatch(batch, { campaignId: null }));
    expect(messages.map((m) => /^event: (.*)$/m.exec(m)![1])).toEqual(['campaign', 'campaign', 'campaign_deleted']);
    expect(messages.at(-1)).toContain('data: {"id":"gone"}');
  });

  it('writes nothing to a stream whose campaign the batch did not touch', () => {
    expect(renderBatch(batch, { campaignId: 'other' })).toBe('');
  });

  it('tells every stream to read again when the batch is a resync', () => {
    const text = renderBatch({ ...batch, campaigns: new Map(), calls: new Map(), resync: true }, { campaignId: 'a' });
    expect(blocks(text)).toEqual([expect.stringMatching(/^event: resync\ndata: .*\nid: 42\/3$|^id: 42\/3\nevent: resync\ndata: /)]);
  });
});
