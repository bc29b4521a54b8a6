import fc from 'fast-check';
import { packE164, packUuid, sameUuid, unpackE164, unpackUuid, UUID_BYTES } from '../../../../src/domain/shared/packed-call.js';

const HEX = '0123456789abcdef';
/** The canonical text form: 8-4-4-4-12 lowercase hex digits. */
const LOWERCASE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NIL = '00000000-0000-0000-0000-000000000000';

/** Any 32 lowercase hex digits in UUID form, whatever their version and variant bits. */
const uuid = fc
  .array(fc.constantFrom(...HEX), { minLength: 32, maxLength: 32 })
  .map((d) => `${d.slice(0, 8).join('')}-${d.slice(8, 12).join('')}-${d.slice(12, 16).join('')}-${d.slice(16, 20).join('')}-${d.slice(20).join('')}`);
/** Characters next to the hex ranges and the separator, where an off-by-one would let text through. */
const NEAR_MISS = [...'/:`g@GAFZz_ +.', '\u0000', '٣'];
/** A UUID with one character replaced: most are no longer in canonical form. */
const almostUuid = fc
  .tuple(uuid, fc.nat({ max: 35 }), fc.constantFrom(...NEAR_MISS, ...HEX, '-'))
  .map(([id, at, char]) => id.slice(0, at) + char + id.slice(at + 1));

/** Packs `id` in the middle of a buffer whose other bytes are a marker, as a store of many ids would. */
const packAmid = (id: string): { packed: boolean; bytes: Uint8Array } => {
  const bytes = new Uint8Array(UUID_BYTES * 3).fill(0xa5);
  return { packed: packUuid(id, bytes, UUID_BYTES), bytes };
};

describe('packed call: a call id in 16 bytes and an E.164 number in one float, only when they come back unchanged', () => {
  it('packs every lowercase UUID but the nil one into its own 16 bytes, and unpacks it to the same text', () => {
    fc.assert(
      fc.property(fc.oneof(uuid, fc.uuid()), (id) => {
        const { packed, bytes } = packAmid(id);
        expect(packed).toBe(id !== NIL);
        if (!packed) return;
        expect(unpackUuid(bytes, UUID_BYTES)).toBe(id);
        expect([...bytes.subarray(0, UUID_BYTES), ...bytes.subarray(2 * UUID_BYTES)].every((b) => b === 0xa5)).toBe(true);
      }),
      { numRuns: 300 },
    );
    expect(packAmid(NIL).packed).toBe(false);
    expect(packAmid('ffffffff-ffff-ffff-ffff-ffffffffffff').packed).toBe(true);
  });

  it('refuses any other text, so a call id that is not a lowercase UUID is kept whole', () => {
    fc.assert(
      fc.property(fc.oneof(almostUuid, fc.string({ minLength: 30, maxLength: 40 })), (text) => {
        const { packed, bytes } = packAmid(text);
        expect(packed).toBe(LOWERCASE_UUID.test(text) && text !== NIL);
        if (packed) expect(unpackUuid(bytes, UUID_BYTES)).toBe(text);
      }),
      { numRuns: 1000 },
    );
    for (const text of ['0B6C2D3E-4F50-4A61-8B72-000000000001', '{0b6c2d3e-4f50-4a61-8b72-00000000000}', '0b6c2d3e4f504a618b72000000000001', '0b6c2d3e-4f50-4a61-8b72-0000000000011']) {
      expect(packAmid(text).packed).toBe(false);
    }
  });

  it('tells two packed ids apart whichever byte they differ in, wherever each is stored', () => {
    fc.assert(
      fc.property(uuid, fc.nat({ max: 31 }), fc.nat({ max: 15 }), (id, digit, by) => {
        const at = digit + (digit >= 8 ? 1 : 0) + (digit >= 12 ? 1 : 0) + (digit >= 16 ? 1 : 0) + (digit >= 20 ? 1 : 0);
        const other = id.slice(0, at) + HEX[(HEX.indexOf(id[at]!) + 1 + by) % 16] + id.slice(at + 1);
        const a = packAmid(id);
        const b = new Uint8Array(UUID_BYTES * 2);
        const c = new Uint8Array(UUID_BYTES * 2);
        if (!a.packed || !packUuid(other, b, 0) || !packUuid(id, c, UUID_BYTES)) return;
        expect(sameUuid(a.bytes, UUID_BYTES, c, UUID_BYTES)).toBe(true);
        expect(sameUuid(a.bytes, UUID_BYTES, b, 0)).toBe(other === id);
      }),
      { numRuns: 300 },
    );
  });

  it('packs every E.164 number (+, then 1 to 15 digits, the first not 0) to digits that unpack to the same text', () => {
    const e164 = fc
      .tuple(fc.integer({ min: 1, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 14 }))
      .map(([first, rest]) => `+${first}${rest.join('')}`);
    fc.assert(
      fc.property(e164, (phoneNumber) => {
        const digits = packE164(phoneNumber);
        expect(Number.isNaN(digits)).toBe(false);
        expect(unpackE164(digits)).toBe(phoneNumber);
      }),
      { numRuns: 300 },
    );
    expect(unpackE164(packE164('+999999999999999'))).toBe('+999999999999999');
    expect(unpackE164(packE164('+1'))).toBe('+1');
  });

  it('refuses a number whose float would not unpack to the same text', () => {
    const numberLike = fc
      .array(fc.constantFrom(...'+0123456789', ' ', '-', '.', 'e', 'x', '\n'), { minLength: 0, maxLength: 19 })
      .map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.oneof(numberLike, numberLike.map((s) => `+${s}`)), (text) => {
        const digits = packE164(text);
        if (!Number.isNaN(digits)) expect(unpackE164(digits)).toBe(text);
      }),
      { numRuns: 1000 },
    );
    for (const text of ['+014155550100', '+0', '+', '14155550100', '+1415555010\n', '+1e5', '+0x1f', ' +14155550100', '+1 415 555 0100', '+9007199254740993', '+1234567890123456']) {
      expect(packE164(text)).toBeNaN();
    }
  });
});
