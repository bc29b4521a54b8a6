import { createHmac, timingSafeEqual } from 'node:crypto';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, as Stripe-style providers sign. */
export const SIGNATURE_HEADER = 'x-telephony-signature';
/** Older (a replay) or newer (a skewed or forged clock) than this is refused. */
export const SIGNATURE_TOLERANCE_MS = 5 * 60_000;

export type SignatureFailure = 'missing' | 'malformed' | 'stale' | 'future' | 'mismatch';
export type SignatureCheck = { ok: true; timestampSeconds: number } | { ok: false; reason: SignatureFailure };

const HEX_SHA256 = /^[0-9a-f]{64}$/;

const hmac = (secret: string, timestampSeconds: number, rawBody: Buffer | string): Buffer =>
  createHmac('sha256', secret).update(`${timestampSeconds}.`).update(rawBody).digest();

export const signWebhook = (secret: string, rawBody: Buffer | string, timestampSeconds: number): string =>
  `t=${timestampSeconds},v1=${hmac(secret, timestampSeconds, rawBody).toString('hex')}`;

const parseHeader = (header: string): { timestampSeconds: number; signatures: Buffer[] } | null => {
  let timestampSeconds: number | null = null;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const [key, value, ...rest] = part.trim().split('=');
    if (value === undefined || rest.length > 0) return null;
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value) || timestampSeconds !== null) return null;
      timestampSeconds = Number(value);
    } else if (key === 'v1') {
      if (!HEX_SHA256.test(value)) return null;
      signatures.push(Buffer.from(value, 'hex'));
    }
    // Other schemes (v0, future versions) are skipped, so a provider can add one without breaking us.
  }
  return timestampSeconds === null || signatures.length === 0 ? null : { timestampSeconds, signatures };
};

/**
 * Checks the header against the exact bytes received: re-serialised JSON would not match. Several
 * `v1` entries are allowed (a provider rotating its secret signs with both), and several secrets
 * (we rotate ours: TELEPHONY_WEBHOOK_SECRETS); any pair must match.
 */
export const verifyWebhookSignature = (
  secrets: string | readonly string[],
  header: string | undefined,
  rawBody: Buffer | string,
  nowMs: number,
): SignatureCheck => {
  if (header === undefined || header.trim() === '') return { ok: false, reason: 'missing' };
  const parsed = parseHeader(header);
  if (!parsed) return { ok: false, reason: 'malformed' };
  const { timestampSeconds, signatures } = parsed;
  const skewMs = nowMs - timestampSeconds * 1000;
  if (skewMs > SIGNATURE_TOLERANCE_MS) return { ok: false, reason: 'stale' };
  if (-skewMs > SIGNATURE_TOLERANCE_MS) return { ok: false, reason: 'future' };
  const expected = (typeof secrets === 'string' ? [secrets] : secrets).map((secret) => hmac(secret, timestampSeconds, rawBody));
  // Every pair is compared in full, so timing reveals neither which one nor how much matched.
  const matches = expected.flatMap((digest) => signatures.map((candidate) => timingSafeEqual(candidate, digest)));
  return matches.includes(true) ? { ok: true, timestampSeconds } : { ok: false, reason: 'mismatch' };
};
