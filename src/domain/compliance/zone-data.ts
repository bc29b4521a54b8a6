import { COUNTRY_CODE_ZONES, NANP_PREFIX_REGIONS, NANP_PREFIX_ZONES, REGION_ZONES, ZONE_NAMES } from './zone-data.generated.js';

function decode<T>(table: string, value: (text: string) => T): Map<string, T> {
  return new Map(
    table.split(',').map((entry) => {
      const [key = '', text = ''] = entry.split(':');
      return [key, value(text)] as const;
    }),
  );
}
const zones = (text: string): readonly string[] => text.split('&').map((index) => ZONE_NAMES[Number(index)] ?? '');

const NANP_ZONES = decode(NANP_PREFIX_ZONES, zones);
const NANP_REGIONS = decode(NANP_PREFIX_REGIONS, (text) => text);
const ZONES_OF_REGION = decode(REGION_ZONES, zones);
const ZONES_OF_COUNTRY_CODE = decode(COUNTRY_CODE_ZONES, zones);

/** Longest NANP prefix of `national` (10 digits after +1) in the data: 7 digits down to the area code. */
function longest<T>(table: ReadonlyMap<string, T>, national: string): T | undefined {
  for (let length = Math.min(7, national.length); length >= 3; length--) {
    const value = table.get(national.slice(0, length));
    if (value !== undefined) return value;
  }
  return undefined;
}

export const nanpZones = (national: string): readonly string[] | undefined => longest(NANP_ZONES, national);

/** The area code's state or province and, when its exchange is geocoded elsewhere, that one too. */
export function nanpRegions(national: string): { areaCode?: string; exchange?: string } {
  const areaCode = NANP_REGIONS.get(national.slice(0, 3));
  const exchange = longest(NANP_REGIONS, national);
  return exchange !== undefined && exchange !== areaCode ? { areaCode, exchange } : { areaCode };
}

export const zonesOfRegion = (region: string): readonly string[] => ZONES_OF_REGION.get(region) ?? [];

export const zonesOfCountryCode = (code: string): readonly string[] => ZONES_OF_COUNTRY_CODE.get(code) ?? [];
