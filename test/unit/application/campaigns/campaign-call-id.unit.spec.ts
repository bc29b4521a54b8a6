import fc from 'fast-check';
import { v5 as uuidv5 } from 'uuid';
import { callIdFor } from '../../../../src/application/campaigns/campaign-call-id.js';

/** Call ids are stored in every log: the fast form must name each call exactly as the text form did. */
describe('callIdFor', () => {
  const textForm = (campaignId: string, phoneNumber: string) => uuidv5(`${campaignId}/${phoneNumber}`, 'c6a6a0b3-2f4e-4d8e-b1a4-3e0f7d2b9c51');

  it('is the UUID v5 of "<campaign>/<number>" in the call-id namespace, for any text', () => {
    fc.assert(fc.property(fc.uuid(), fc.string({ unit: 'grapheme' }), (campaignId, number) => callIdFor(campaignId, number) === textForm(campaignId, number)), {
      numRuns: 5_000,
    });
  });

  it('keeps the ids already in logs', () => {
    expect(callIdFor('00000000-0000-4000-8000-000000000000', '+14155550123')).toBe('5390b065-b4ba-5141-95cb-b173e89496cf');
    expect(callIdFor('a', '+1')).not.toBe(callIdFor('a', '+2'));
  });
});
