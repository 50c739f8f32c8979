import fs from "node:fs";

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export interface HeapGroup {
  name: string;
  count: number;
  selfMb: number;
}

/**
 * A V8 heap snapshot summarised by what the objects are: self size per constructor (objects,
 * closures) and per kind for the rest (strings, compiled code, arrays, V8's own structures).
 * Self sizes, not retained sizes: where the bytes are, not who keeps them.
 */
export function summariseHeapSnapshot(file: string, top = 15): { totalMb: number; byKind: HeapGroup[]; byConstructor: HeapGroup[] } {
  const snapshot = JSON.parse(fs.readFileSync(file, "utf8")) as HeapSnapshot;
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf("type");
  const nameAt = fields.indexOf("name");
  const sizeAt = fields.indexOf("self_size");
  const byKind = new Map<string, { count: number; bytes: number }>();
  const byConstructor = new Map<string, { count: number; bytes: number }>();
  const add = (map: typeof byKind, key: string, bytes: number) => {
    const group = map.get(key) ?? { count: 0, bytes: 0 };
    group.count++;
    group.bytes += bytes;
    map.set(key, group);
  };
  let total = 0;
  for (let offset = 0; offset < snapshot.nodes.length; offset += width) {
    const type = types[snapshot.nodes[offset + typeAt]!]!;
    const bytes = snapshot.nodes[offset + sizeAt]!;
    total += bytes;
    add(byKind, type, bytes);
    if (type === "object" || type === "closure")
      add(byConstructor, `${type === "closure" ? "(closure) " : ""}${snapshot.strings[snapshot.nodes[offset + nameAt]!]}`, bytes);
  }
  const largest = (map: typeof byKind) =>
    [...map]
      .sort((a, b) => b[1].bytes - a[1].bytes)
      .slice(0, top)
      .map(([name, group]) => ({ name, count: group.count, selfMb: mb(group.bytes) }));
  return { totalMb: mb(total), byKind: largest(byKind), byConstructor: largest(byConstructor) };
}

function mb(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}
