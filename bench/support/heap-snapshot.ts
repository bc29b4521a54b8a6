import { readFile } from 'node:fs/promises';

export type HeapGroup = Readonly<{ kind: string; count: number; bytes: number }>;

const STRING_TYPES = new Set(['string', 'concatenated string', 'sliced string']);

/** The non-negative integers of a JSON array from `from` on; returns the index of its closing ']'. */
const integers = function* (buffer: Buffer, from: number): Generator<number, number> {
  let at = from;
  let value = 0;
  let inNumber = false;
  for (; at < buffer.length; at += 1) {
    const byte = buffer[at]!;
    if (byte >= 48 && byte <= 57) {
      value = value * 10 + (byte - 48);
      inNumber = true;
    } else {
      if (inNumber) yield value;
      value = 0;
      inNumber = false;
      if (byte === 93) return at;
    }
  }
  throw new Error('heap snapshot: unterminated array');
};

/**
 * Self sizes summed by node type and constructor name (strings by type alone: their name is their
 * text). Reads the `nodes` array byte by byte instead of parsing the file as one JSON string, which
 * V8 refuses beyond ~512 MB — a snapshot of a million numbers is larger.
 */
export const summarizeHeapSnapshot = async (file: string): Promise<HeapGroup[]> => {
  const buffer = await readFile(file);
  const nodesKey = buffer.indexOf('"nodes":[');
  const head = buffer.subarray(0, nodesKey).toString().replace(/,\s*$/, '');
  const meta = (JSON.parse(`${head}}`) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } } }).snapshot.meta;
  const width = meta.node_fields.length;
  const typeField = meta.node_fields.indexOf('type');
  const nameField = meta.node_fields.indexOf('name');
  const sizeField = meta.node_fields.indexOf('self_size');
  const types = meta.node_types[0];
  const groups = new Map<string, { type: string; name: number; count: number; bytes: number }>();
  const fields: number[] = [];
  const reader = integers(buffer, nodesKey + '"nodes":['.length);
  for (let next = reader.next(); !next.done; next = reader.next()) {
    fields.push(next.value);
    if (fields.length < width) continue;
    const type = types[fields[typeField]!]!;
    const name = STRING_TYPES.has(type) ? -1 : fields[nameField]!;
    const key = `${type}:${name}`;
    const group = groups.get(key) ?? { type, name, count: 0, bytes: 0 };
    group.count += 1;
    group.bytes += fields[sizeField]!;
    groups.set(key, group);
    fields.length = 0;
  }
  const stringsKey = buffer.lastIndexOf('"strings":[');
  const stringsEnd = buffer.lastIndexOf(']');
  const strings = JSON.parse(buffer.subarray(stringsKey + '"strings":'.length, stringsEnd + 1).toString()) as string[];
  return [...groups.values()].map((g) => ({ kind: g.name < 0 ? `(${g.type})` : `${g.type} ${strings[g.name]!.slice(0, 60)}`, count: g.count, bytes: g.bytes }));
};

/** What `after` holds beyond `before`, by group, largest growth first. */
export const heapGrowth = (before: readonly HeapGroup[], after: readonly HeapGroup[], top: number): HeapGroup[] => {
  const base = new Map(before.map((g) => [g.kind, g]));
  return after
    .map((g) => ({ kind: g.kind, count: g.count - (base.get(g.kind)?.count ?? 0), bytes: g.bytes - (base.get(g.kind)?.bytes ?? 0) }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, top);
};
