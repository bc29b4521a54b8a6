import type { DialContact } from '../../../application/ports/telephony.port.js';

export const DEFAULT_TWIML = '<Response><Say>This is an automated call from dialstream. Goodbye.</Say></Response>';
export const PARAMETERS_PLACEHOLDER = '{{parameters}}';

const escapeXml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

const parameter = (name: string, value: string): string => `<Parameter name="${escapeXml(name)}" value="${escapeXml(value)}"/>`;

/**
 * The contact as TwiML <Parameter>s (`contactName`, then each variable by its own name), put where
 * the configured TwiML says `{{parameters}}` — inside a <Stream> or <Client>, where Twilio hands
 * them to the application. TwiML without the placeholder is sent as it is.
 */
export const twimlFor = (template: string, contact: DialContact | undefined): string => {
  const parameters = [
    ...(contact?.name === undefined ? [] : [parameter('contactName', contact.name)]),
    ...Object.entries(contact?.variables ?? {}).map(([name, value]) => parameter(name, value)),
  ].join('');
  return template.split(PARAMETERS_PLACEHOLDER).join(parameters);
};
