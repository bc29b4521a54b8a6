/** Recipient-local hours (DESIGN §7.1): resolve a number's zones and states, then ask the gate. */
export { resolveZones, validateRecipientLocation, isRegionZone } from './zone-resolution.js';
export type { Recipient, ZoneResolution, ZoneSource, CandidateState, StateSource } from './zone-resolution.js';
export { recipientWindow, DEFAULT_RECIPIENT_HOURS, DEFAULT_CLOSING_MARGIN_MS, NANP_SAFE_WINDOW } from './recipient-window.js';
export type { RecipientWindow, RecipientWindowOptions, RecipientHours, ComplianceMode, WindowExplanation } from './recipient-window.js';
export { BUILTIN_RULES, frequencyCaps, isEffectiveOn } from './compliance-rules.js';
export type { ComplianceRule, RuleSet, RuleEffect, Jurisdiction } from './compliance-rules.js';
export { ZONE_DATA_SOURCE } from './zone-data.generated.js';
export type { HolidayCalendar } from './holidays.js';
