import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { TWILIO_STATUS_PATH } from '../telephony/twilio/twilio-status.js';
import { WEBHOOK_PATH } from '../telephony/webhook-payload.js';
import { API_KEY_HEADER, type ApiKeys } from './api-keys.js';

/** 100,000 phone numbers in one JSON request, with room for formatting (`+1 (415) 555-0123`). */
export const JSON_BODY_LIMIT = '8mb';
/** A provider callback is a few hundred bytes; so is anything a caller without a key may send. */
export const SMALL_BODY_LIMIT = '16kb';

/** body-parser's own test (type-is `hasBody`): a body is announced by its length or a transfer encoding. */
const hasBody = (request: Request): boolean =>
  request.headers['transfer-encoding'] !== undefined || !Number.isNaN(Number(request.headers['content-length']));

/** Kept for the webhook signature, which must be checked against the exact bytes received. */
const keepRaw = (request: Request & { rawBody?: Buffer }, _response: unknown, raw: Buffer) => {
  request.rawBody = raw;
};

const unsupportedEncoding = (encoding: string) =>
  Object.assign(new Error(`Content-Encoding ${encoding} is not accepted here: send the body uncompressed`), {
    status: 415,
    expose: true,
    type: 'encoding.unsupported',
  });

/**
 * Body parsing runs before routing and guards, so it must not do for strangers what it does for
 * clients: a caller with a valid key (or any caller, when API_KEYS is empty) may send 8 MB of JSON,
 * gzip-compressed if it likes; the provider webhook and callers without a key get 16 KB,
 * uncompressed (415 otherwise). Compressed bodies other than JSON (a CSV upload) are refused: the
 * readers behind them take plain text. The webhook is recognised by its exact path, which is the
 * only spelling that routes to it (routing is strict and case-sensitive); a key decides nothing
 * here but how much work parsing may cost.
 */
export const bodyParsing = (keys: ApiKeys): RequestHandler => {
  const trusted = express.json({ limit: JSON_BODY_LIMIT });
  const small = express.json({ limit: SMALL_BODY_LIMIT, inflate: false, verify: keepRaw });
  // Twilio posts a form; its signature covers the parsed parameters, not the bytes.
  const twilioForm = express.urlencoded({ limit: SMALL_BODY_LIMIT, inflate: false, extended: false });
  return (request: Request, response: Response, next: NextFunction) => {
    const encoding = (request.header('content-encoding') ?? 'identity').trim().toLowerCase();
    // No body (a GET): every parser below would pass it on without reading, so the key's hash is skipped too.
    if (encoding === 'identity' && !hasBody(request)) {
      next();
      return;
    }
    const provider = request.path === WEBHOOK_PATH || request.path === TWILIO_STATUS_PATH;
    const isTrusted = !provider && (keys.open || keys.actorFor(request.header(API_KEY_HEADER)) !== null);
    if (encoding !== 'identity' && !(isTrusted && request.is(['application/json', '+json']))) {
      next(unsupportedEncoding(encoding));
      return;
    }
    (isTrusted ? trusted : request.path === TWILIO_STATUS_PATH ? twilioForm : small)(request, response, next);
  };
};
