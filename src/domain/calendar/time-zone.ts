import { IANAZone } from 'luxon';

// From Node 22, Intl (and so luxon) accepts offsets such as `+03:00` as zones; a region name starts with a letter.
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;

/** An IANA zone name (`America/New_York`, `UTC`, `Etc/GMT+3`), never a bare UTC offset. */
export const isIanaZoneName = (zone: string): boolean => ZONE_NAME.test(zone) && IANAZone.isValidZone(zone);
