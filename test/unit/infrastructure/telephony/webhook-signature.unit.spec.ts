import { createHmac } from 'node:crypto';
import {
  SIGNATURE_TOLERANCE_MS,
  signWebhook,
  verifyWebhookSignature,
} from '../../../../src/infrastructure/telephony/webhook-signature.js';

const SECRET = 'whsec_test_0123456789';
const BODY = Buffer.from(JSON.stringify({ callId: 'c', attempt: 1, status: 'completed' }));
const NOW_MS = Date.parse('2026-11-24T14:00:00.000Z');
const NOW_S = NOW_MS / 1000;

describe('webhook signature', () => {
  it('accepts a body signed with the secret, and says when it was signed', () => {
    const header = signWebhook(SECRET, BODY, NOW_S);
    expect(verifyWebhookSignature(SECRET, header, BODY, NOW_MS)).toEqual({ ok: true, timestampSeconds: NOW_S });
  });

  it('signs "<t>.<raw body>" with HMAC-SHA256, hex encoded', () => {
    const expected = createHmac('sha256', SECRET).update(`${NOW_S}.${BODY.toString()}`).digest('hex');
    expect(signWebhook(SECRET, BODY, NOW_S)).toBe(`t=${NOW_S},v1=${expected}`);
  });

  it('refuses a signature made with another secret', () => {
    const forged = signWebhook('guessed-secret', BODY, NOW_S);
    expect(verifyWebhookSignature(SECRET, forged, BODY, NOW_MS)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses a body changed after signing, even by one byte or by whitespace', () => {
    const header = signWebhook(SECRET, BODY, NOW_S);
    const tampered = Buffer.from(BODY.toString().replace('completed', 'completes'));
    const reformatted = Buffer.from(JSON.stringify(JSON.parse(BODY.toString()), null, 1));
    expect(verifyWebhookSignature(SECRET, header, tampered, NOW_MS)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature(SECRET, header, reformatted, NOW_MS)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses a valid signature moved to another timestamp', () => {
    const [, v1] = signWebhook(SECRET, BODY, NOW_S).split(',');
    expect(verifyWebhookSignature(SECRET, `t=${NOW_S + 1},${v1}`, BODY, NOW_MS)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('accepts up to the tolerance either way and refuses beyond it (stale replay, future clock)', () => {
    const tolerance = SIGNATURE_TOLERANCE_MS / 1000;
    const at = (t: number) => verifyWebhookSignature(SECRET, signWebhook(SECRET, BODY, t), BODY, NOW_MS);
    expect(at(NOW_S - tolerance).ok).toBe(true);
    expect(at(NOW_S + tolerance).ok).toBe(true);
    expect(at(NOW_S - tolerance - 1)).toEqual({ ok: false, reason: 'stale' });
    expect(at(NOW_S + tolerance + 1)).toEqual({ ok: false, reason: 'future' });
  });

  it('refuses a stale timestamp even when the signature over it is right', () => {
    const old = NOW_S - 3600;
    expect(verifyWebhookSignature(SECRET, signWebhook(SECRET, BODY, old), BODY, NOW_MS)).toEqual({
      ok: false,
      reason: 'stale',
    });
  });

  it('treats a missing or empty header as missing', () => {
    expect(verifyWebhookSignature(SECRET, undefined, BODY, NOW_MS)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyWebhookSignature(SECRET, '  ', BODY, NOW_MS)).toEqual({ ok: false, reason: 'missing' });
  });

  const valid = signWebhook(SECRET, BODY, NOW_S);
  const v1 = valid.split(',')[1]!;
  it.each([
    ['no timestamp', v1],
    ['no signature', `t=${NOW_S}`],
    ['a timestamp that is not a number', `t=soon,${v1}`],
    ['two timestamps', `t=${NOW_S},t=${NOW_S},${v1}`],
    ['a short signature', `t=${NOW_S},v1=abcd`],
    ['a signature that is not hex', `t=${NOW_S},v1=${'z'.repeat(64)}`],
    ['upper-case hex', `t=${NOW_S},${v1.toUpperCase().replace('V1', 'v1')}`],
    ['a bare word', 'garbage'],
    ['an extra "="', `t=${NOW_S},${v1}=`],
  ])('refuses a malformed header: %s', (_what, header) => {
    expect(verifyWebhookSignature(SECRET, header, BODY, NOW_MS)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('accepts any one matching v1 among several (secret rotation) and skips unknown schemes', () => {
    const other = signWebhook('old-secret', BODY, NOW_S).split(',')[1]!;
    const header = `t=${NOW_S},v0=legacy,${other},${v1}`;
    expect(verifyWebhookSignature(SECRET, header, BODY, NOW_MS).ok).toBe(true);
    expect(verifyWebhookSignature(SECRET, `t=${NOW_S},v0=legacy,${other}`, BODY, NOW_MS)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });
});

describe('verifying with several secrets (rotation)', () => {
  it('accepts a signature made with any of them and nothing else', () => {
    const secrets = ['new-secret', 'old-secret'];
    for (const secret of secrets) {
      expect(verifyWebhookSignature(secrets, signWebhook(secret, BODY, NOW_S), BODY, NOW_MS)).toEqual({ ok: true, timestampSeconds: NOW_S });
    }
    expect(verifyWebhookSignature(secrets, signWebhook('other', BODY, NOW_S), BODY, NOW_MS)).toEqual({ ok: false, reason: 'mismatch' });
  });
});
