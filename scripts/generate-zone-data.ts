/**
 * Regenerates src/domain/compliance/zone-data.generated.ts from Google libphonenumber's
 * Apache-2.0 resource files (resources/timezones/map_data.txt, resources/geocoding/en/1.txt).
 * No npm package ships those files, so the generator reads a checkout of the repository:
 *
 *   node scripts/generate-zone-data.ts <libphonenumber>/resources "<commit> <yyyy-mm-dd>"
 *
 * Kept: every NANP (+1) timezone prefix that differs from its nearest shorter prefix, the state or
 * province of each NANP prefix (per area code when the whole code agrees), the zones of each state,
 * and, for other country codes, every zone the code can be in (one zone = the country's zone).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IANAZone } from 'luxon';

const [resources = '', source = ''] = process.argv.slice(2);
if (!resources || !source) {
  console.error('usage: node scripts/generate-zone-data.ts <resources dir> "<commit> <date>"');
  process.exit(2);
}
const OUTPUT = 'src/domain/compliance/zone-data.generated.ts';

const REGION_NAMES: Record<string, string> = {
  Alabama: 'AL', Alaska: 'AK', Arizona: 'AZ', Arkansas: 'AR', California: 'CA', Colorado: 'CO',
  Connecticut: 'CT', Delaware: 'DE', 'Washington D.C.': 'DC', 'Washington DC': 'DC', Florida: 'FL',
  Georgia: 'GA', Hawaii: 'HI', Idaho: 'ID', Illinois: 'IL', Indiana: 'IN', Iowa: 'IA', Kansas: 'KS',
  Kentucky: 'KY', Louisiana: 'LA', Maine: 'ME', Maryland: 'MD', Massachusetts: 'MA', Michigan: 'MI',
  Minnesota: 'MN', Mississippi: 'MS', Missouri: 'MO', Montana: 'MT', Nebraska: 'NE', Nevada: 'NV',
  'New Hampshire': 'NH', 'New Jersey': 'NJ', 'New Mexico': 'NM', 'New York': 'NY',
  'North Carolina': 'NC', 'North Dakota': 'ND', Ohio: 'OH', Oklahoma: 'OK', Oregon: 'OR',
  Pennsylvania: 'PA', 'Rhode Island': 'RI', 'South Carolina': 'SC', 'South Dakota': 'SD',
  Tennessee: 'TN', Texas: 'TX', Utah: 'UT', Vermont: 'VT', Virginia: 'VA', Washington: 'WA',
  'Washington State': 'WA', 'West Virginia': 'WV', Wisconsin: 'WI', Wyoming: 'WY',
  Alberta: 'AB', 'British Columbia': 'BC', Manitoba: 'MB', 'New Brunswick': 'NB',
  'Newfoundland and Labrador': 'NL', 'Nova Scotia': 'NS', Ontario: 'ON', 'Prince Edward Island': 'PE',
  Quebec: 'QC', Saskatchewan: 'SK', 'Northwest Territories': 'NT', Nunavut: 'NU', Yukon: 'YT',
};
/** US territories the geocoding file leaves out; their NANP area codes are fixed assignments. */
const TERRITORY_AREA_CODES: Record<string, string> = { '787': 'PR', '939': 'PR', '340': 'VI', '671': 'GU', '670': 'MP', '684': 'AS' };
const REGION_CODES = new Set([...Object.values(REGION_NAMES), ...Object.values(TERRITORY_AREA_CODES)]);

function entries(file: string): Array<[string, string]> {
  return readFileSync(join(resources, file), 'utf8')
    .split('\n')
    .filter((line) => /^\d+\|/.test(line))
    .map((line) => line.split('|', 2) as [string, string]);
}

/** "Jersey City, NJ" → NJ; "New Jersey" → NJ; anything else (other NANP countries) → undefined. */
function regionOf(description: string): string | undefined {
  const suffix = /, ([A-Z]{2})$/.exec(description)?.[1];
  if (suffix) return REGION_CODES.has(suffix) ? suffix : undefined;
  return REGION_NAMES[description.trim()];
}

const zonesByPrefix = new Map(entries('timezones/map_data.txt'));
/**
 * An exchange the file does not list takes its area code's zone, which for split codes is only the
 * majority's (219 says New York, though 91 of its exchanges are Central): so a split area code
 * stands for every zone found under it, and its unlisted exchanges are checked in all of them.
 */
for (const areaCode of new Set([...zonesByPrefix.keys()].filter((prefix) => prefix.startsWith('1') && prefix.length >= 4).map((prefix) => prefix.slice(0, 4)))) {
  const under = [...zonesByPrefix].filter(([prefix]) => prefix.startsWith(areaCode)).flatMap(([, zones]) => zones.split('&'));
  zonesByPrefix.set(areaCode, [...new Set(under)].sort().join('&'));
}

function nearestAncestor(map: Map<string, string>, prefix: string): string | undefined {
  for (let length = prefix.length - 1; length >= 1; length--) {
    const value = map.get(prefix.slice(0, length));
    if (value !== undefined) return value;
  }
  return undefined;
}

const nanpZones = [...zonesByPrefix]
  .filter(([prefix]) => prefix.startsWith('1') && prefix.length > 1)
  .filter(([prefix, zones]) => nearestAncestor(zonesByPrefix, prefix) !== zones)
  .map(([prefix, zones]) => [prefix.slice(1), zones.split('&')] as const);

const regionsByAreaCode = new Map<string, Map<string, string>>();
for (const [prefix, description] of entries('geocoding/en/1.txt')) {
  const region = regionOf(description);
  if (!region || prefix.length < 4) continue;
  const areaCode = prefix.slice(1, 4);
  const byPrefix = regionsByAreaCode.get(areaCode) ?? new Map<string, string>();
  byPrefix.set(prefix.slice(1), region);
  regionsByAreaCode.set(areaCode, byPrefix);
}
/**
 * One region per area code (its own entry, else the one most of its exchanges give) plus the
 * exchanges geocoded elsewhere (201 is New Jersey, some of its exchanges New York): the resolver
 * takes both as candidate states, as laws that presume residence from the area code still apply.
 */
for (const [areaCode, region] of Object.entries(TERRITORY_AREA_CODES)) {
  const byPrefix = regionsByAreaCode.get(areaCode) ?? new Map<string, string>();
  byPrefix.set(areaCode, region);
  regionsByAreaCode.set(areaCode, byPrefix);
}
const nanpRegions = [...regionsByAreaCode].flatMap(([areaCode, byPrefix]) => {
  const counts = new Map<string, number>();
  for (const region of byPrefix.values()) counts.set(region, (counts.get(region) ?? 0) + 1);
  const main = byPrefix.get(areaCode) ?? [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  const exceptions = [...byPrefix].filter(([prefix, region]) => prefix !== areaCode && region !== main);
  return [`${areaCode}:${main}`, ...exceptions.map(([prefix, region]) => `${prefix}:${region}`)];
});

/** A state's zones: every zone any of its prefixes may be in. */
const regionZones = new Map<string, Set<string>>();
for (const [areaCode, byPrefix] of regionsByAreaCode) {
  const zonesUnder = [...zonesByPrefix]
    .filter(([prefix]) => prefix.startsWith(`1${areaCode}`))
    .flatMap(([, zones]) => zones.split('&'));
  const zones = zonesUnder.length > 0 ? zonesUnder : (nearestAncestor(zonesByPrefix, `1${areaCode}`) ?? '').split('&');
  for (const region of new Set(byPrefix.values())) {
    const known = regionZones.get(region) ?? new Set<string>();
    zones.filter(Boolean).forEach((zone) => known.add(zone));
    regionZones.set(region, known);
  }
}

/** Other country codes: the union of zones under each code (calling codes are prefix-free). */
const countryZones = new Map<string, Set<string>>();
/** How many prefixes name each zone: of equivalent zones the most used one is kept (London over Jersey). */
const zoneUse = new Map<string, number>();
for (const [prefix, zones] of zonesByPrefix) {
  if (prefix.startsWith('1')) continue;
  const code = [...zonesByPrefix.keys()].filter((key) => prefix.startsWith(key)).sort((a, b) => a.length - b.length)[0] ?? prefix;
  const known = countryZones.get(code) ?? new Set<string>();
  zones.split('&').forEach((zone) => {
    known.add(zone);
    zoneUse.set(zone, (zoneUse.get(zone) ?? 0) + 1);
  });
  countryZones.set(code, known);
}

/**
 * Zones that show the same UTC offset every hour from 2024 to 2034 are one zone for dialing: the
 * UK's code lists Guernsey, Jersey and the Isle of Man beside London. A daily pass rejects most.
 */
function distinctZones(zones: Set<string>): string[] {
  const every = (stepHours: number) => Array.from({ length: (10 * 8766) / stepHours }, (_, i) => Date.UTC(2024, 0, 1) + i * stepHours * 3_600_000);
  const daily = every(24);
  const hourly = every(1);
  const same = (a: string, b: string) =>
    [daily, hourly].every((instants) => instants.every((at) => IANAZone.create(a).offset(at) === IANAZone.create(b).offset(at)));
  const kept: string[] = [];
  const byUse = [...zones].sort((a, b) => (zoneUse.get(b) ?? 0) - (zoneUse.get(a) ?? 0) || a.localeCompare(b));
  for (const zone of byUse) if (!kept.some((other) => same(other, zone))) kept.push(zone);
  return kept;
}

const regionTable = [...regionZones].sort().map(([region, zones]) => [region, [...zones]] as const);
const countryTable = [...countryZones].sort().map(([code, zones]) => [code, distinctZones(zones)] as const);
const zoneNames = [...new Set([...nanpZones, ...regionTable, ...countryTable].flatMap(([, zones]) => zones))].sort();
const zoneIndex = new Map(zoneNames.map((zone, index) => [zone, index]));
const encode = (table: ReadonlyArray<readonly [string, readonly string[]]>) =>
  table.map(([key, zones]) => `${key}:${[...zones].sort().map((zone) => zoneIndex.get(zone)).join('&')}`).join(',');
const [commit, date] = source.split(' ');
const text = `// Generated by scripts/generate-zone-data.ts; do not edit. Source data: Google libphonenumber,
// Apache License 2.0 (see NOTICE). Formats: entries "key:value" joined by ","; zones are indices
// into ZONE_NAMES joined by "&"; NANP keys are digits after +1 (area code, then exchange digits).
export const ZONE_DATA_SOURCE = {
  name: 'Google libphonenumber resources/timezones/map_data.txt and resources/geocoding/en/1.txt',
  commit: '${commit}',
  date: '${date}',
  license: 'Apache-2.0',
} as const;

export const ZONE_NAMES: readonly string[] = ${JSON.stringify(zoneNames)};

export const NANP_PREFIX_ZONES = '${encode(nanpZones)}';

export const NANP_PREFIX_REGIONS = '${nanpRegions.join(',')}';

export const REGION_ZONES = '${encode(regionTable)}';

export const COUNTRY_CODE_ZONES = '${encode(countryTable)}';
`;
writeFileSync(OUTPUT, text);
console.warn(`wrote ${OUTPUT}: ${nanpZones.length} NANP zone prefixes, ${nanpRegions.length} region prefixes, ${countryZones.size} country codes`);
