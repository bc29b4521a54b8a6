import { IANAZone } from 'luxon';
import { parsePhoneNumberFromString } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/min/metadata';
import { type FieldError } from '../shared/errors.js';
import { isZip, stateOfZip } from './zip-states.js';
import { nanpRegions, nanpZones, zonesOfCountryCode, zonesOfRegion } from './zone-data.js';

/** What the campaign knows about a recipient: the number and, optionally, where they are. */
export type Recipient = Readonly<{ phoneNumber: string; timezone?: string; zip?: string }>;

export type ZoneSource = 'timezone' | 'zip' | 'prefix' | 'country' | 'unknown';
export type StateSource = 'zip' | 'area-code' | 'exchange';
export type CandidateState = Readonly<{ state: string; source: StateSource }>;

export type ZoneResolution = Readonly<{
  phoneNumber: string;
  /** ISO 3166 region of the number (US, CA, PR, GB …), null when the number does not parse. */
  country: string | null;
  callingCode: string | null;
  /** IANA zones the recipient may be in; empty when unknown (the gate then uses a safe window). */
  zones: readonly string[];
  zoneSource: ZoneSource;
  /** US states / Canadian provinces whose rules apply: the ZIP's and the area code's, both. */
  states: readonly CandidateState[];
}>;

/**
 * Candidate zones: an explicit `timezone` first, else the ZIP's state's zones, else the NANP area
 * code + exchange prefix, else the country code when it has one zone; otherwise unknown.
 * Candidate states always include the area code's, even when the ZIP lies elsewhere: FL, OK and
 * MD presume residence from the area code.
 */
export function resolveZones(recipient: Recipient): ZoneResolution {
  const key = `${recipient.phoneNumber}|${recipient.timezone ?? ''}|${recipient.zip ?? ''}`;
  let resolved = resolutions.get(key);
  if (resolved === undefined) {
    if (resolutions.size >= 100_000) resolutions.clear();
    resolved = resolve(recipient);
    resolutions.set(key, resolved);
  }
  return resolved;
}

/** The dialer asks for every candidate recipient at every decision; parsing the number is the slow part. Bounded. */
const resolutions = new Map<string, ZoneResolution>();

function resolve(recipient: Recipient): ZoneResolution {
  const parsed = parsePhoneNumberFromString(recipient.phoneNumber, metadata);
  const callingCode = parsed?.countryCallingCode ?? null;
  const national = callingCode === '1' ? (parsed?.nationalNumber ?? '') : '';
  const zipState = recipient.zip === undefined ? null : stateOfZip(recipient.zip);
  const states = candidateStates(zipState, national);
  const base = { phoneNumber: recipient.phoneNumber, country: parsed?.country ?? null, callingCode, states };
  if (recipient.timezone !== undefined) {
    // Input refuses any other; one stored before that rule is treated as unknown: the strict side.
    if (!isRegionZone(recipient.timezone)) return { ...base, zones: [], zoneSource: 'unknown' };
    return { ...base, zones: [recipient.timezone], zoneSource: 'timezone' };
  }
  const zipZones = zipState === null ? [] : zonesOfRegion(zipState);
  if (zipZones.length > 0) return { ...base, zones: zipZones, zoneSource: 'zip' };
  const prefixZones = national === '' ? undefined : nanpZones(national);
  if (prefixZones !== undefined) return { ...base, zones: prefixZones, zoneSource: 'prefix' };
  const countryZones = callingCode === null || callingCode === '1' ? [] : zonesOfCountryCode(callingCode);
  if (countryZones.length === 1) return { ...base, zones: countryZones, zoneSource: 'country' };
  return { ...base, zones: [], zoneSource: 'unknown' };
}

function candidateStates(zipState: string | null, national: string): CandidateState[] {
  const { areaCode, exchange } = national === '' ? {} : nanpRegions(national);
  const found: CandidateState[] = [
    ...(zipState === null ? [] : [{ state: zipState, source: 'zip' as const }]),
    ...(areaCode === undefined ? [] : [{ state: areaCode, source: 'area-code' as const }]),
    ...(exchange === undefined ? [] : [{ state: exchange, source: 'exchange' as const }]),
  ];
  return found.filter((candidate, index) => found.findIndex(({ state }) => state === candidate.state) === index);
}

// Area/Location names only: from Node 22 luxon also accepts offsets such as `+03:00` as zones.
const REGION_ZONE = /^(?:Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)\/[A-Za-z0-9_+-]+(?:\/[A-Za-z0-9_+-]+)*$/;

/** Asked for every recipient at every decision; luxon builds an Intl formatter per check, so answers are remembered (bounded). */
const regionZones = new Map<string, boolean>();

export const isRegionZone = (zone: string): boolean => {
  let valid = regionZones.get(zone);
  if (valid === undefined) {
    if (regionZones.size >= 10_000) regionZones.clear();
    valid = REGION_ZONE.test(zone) && IANAZone.isValidZone(zone);
    regionZones.set(zone, valid);
  }
  return valid;
};

/** Field errors for the optional location of a recipient; paths are relative to the number object. */
export function validateRecipientLocation(location: { timezone?: unknown; zip?: unknown }): FieldError[] {
  const { timezone, zip } = location;
  return [
    ...(timezone === undefined || (typeof timezone === 'string' && isRegionZone(timezone))
      ? []
      : [{ field: 'timezone', message: 'must be an IANA region time zone such as America/Chicago' }]),
    ...(zip === undefined || (typeof zip === 'string' && isZip(zip))
      ? []
      : [{ field: 'zip', message: 'must be a US ZIP Code: 5 digits, optionally -4 more' }]),
  ];
}
