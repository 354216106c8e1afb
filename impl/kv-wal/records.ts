// The records a commit frame carries: [kind u8][key length u32][key][value length u32][value]
// for a set, [kind u8][key length u32][key] for a delete; keys and values in UTF-8.

const setKind = 1;
const deleteKind = 2;

export type KvRecord = { readonly kind: 'set'; readonly key: string; readonly value: string } | { readonly kind: 'delete'; readonly key: string };

const encoder = new TextEncoder();
// ignoreBOM: a value that starts with U+FEFF keeps it (the default strips it from each decoded string)
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Encodes records into one payload; strings are sized at their UTF-8 worst case, then trimmed. */
export function encodeRecords(records: readonly KvRecord[]): Uint8Array {
  let bound = 0;
  for (const record of records) bound += 9 + 3 * (record.key.length + (record.kind === 'set' ? record.value.length : 0));
  const bytes = new Uint8Array(bound);
  const view = new DataView(bytes.buffer);
  let offset = 0;
  const putString = (text: string) => {
    const { written } = encoder.encodeInto(text, bytes.subarray(offset + 4));
    view.setUint32(offset, written, true);
    offset += 4 + written;
  };
  for (const record of records) {
    bytes[offset++] = record.kind === 'set' ? setKind : deleteKind;
    putString(record.key);
    if (record.kind === 'set') putString(record.value);
  }
  return bytes.subarray(0, offset);
}

export class RecordFormatError extends Error {
  override readonly name = 'RecordFormatError';
}

export function decodeRecords(payload: Uint8Array): KvRecord[] {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const records: KvRecord[] = [];
  let offset = 0;
  const takeString = (): string => {
    if (offset + 4 > payload.length) throw new RecordFormatError(`record cut short at byte ${offset}`);
    const length = view.getUint32(offset, true);
    const end = offset + 4 + length;
    if (end > payload.length) throw new RecordFormatError(`string of ${length} bytes overruns the frame at byte ${offset}`);
    const text = decoder.decode(payload.subarray(offset + 4, end));
    offset = end;
    return text;
  };
  while (offset < payload.length) {
    const kind = payload[offset++];
    if (kind === setKind) records.push({ kind: 'set', key: takeString(), value: takeString() });
    else if (kind === deleteKind) records.push({ kind: 'delete', key: takeString() });
    else throw new RecordFormatError(`unknown record kind ${String(kind)} at byte ${offset - 1}`);
  }
  return records;
}
