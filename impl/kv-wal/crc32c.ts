// CRC-32C (Castagnoli), the checksum of every log frame. Table-driven, eight bytes per step
// ("slicing by 8"), since recovery checksums the whole log and every commit checksums its batch.

const polynomial = 0x82f63b78; // the Castagnoli polynomial, bit-reversed

const tables: Uint32Array[] = (() => {
  const first = new Uint32Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ polynomial : crc >>> 1;
    first[byte] = crc >>> 0;
  }
  const all = [first];
  for (let slice = 1; slice < 8; slice++) {
    const previous = all[slice - 1] as Uint32Array;
    const table = new Uint32Array(256);
    for (let byte = 0; byte < 256; byte++) {
      const value = previous[byte] as number;
      table[byte] = ((value >>> 8) ^ (first[value & 0xff] as number)) >>> 0;
    }
    all.push(table);
  }
  return all;
})();

const [t0, t1, t2, t3, t4, t5, t6, t7] = tables as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];

/** CRC-32C of bytes[start, end), as an unsigned 32-bit integer. */
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffffffff;
  let index = start;
  for (; index + 8 <= end; index += 8) {
    const low = (crc ^ ((bytes[index] as number) | ((bytes[index + 1] as number) << 8) | ((bytes[index + 2] as number) << 16) | ((bytes[index + 3] as number) << 24))) >>> 0;
    crc =
      (t7[low & 0xff] as number) ^
      (t6[(low >>> 8) & 0xff] as number) ^
      (t5[(low >>> 16) & 0xff] as number) ^
      (t4[low >>> 24] as number) ^
      (t3[bytes[index + 4] as number] as number) ^
      (t2[bytes[index + 5] as number] as number) ^
      (t1[bytes[index + 6] as number] as number) ^
      (t0[bytes[index + 7] as number] as number);
  }
  for (; index < end; index++) crc = (t0[(crc ^ (bytes[index] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
