// Log framing: a frame is [payload length u32][CRC-32C of the payload u32][payload], little
// endian. One commit writes one frame, so a crash can tear at most the last frame: a bad frame
// with a valid frame somewhere after it was synced once and is corruption, not a torn tail.

import { crc32c } from './crc32c.ts';

export const frameHeaderBytes = 8;

export function encodeFrame(payload: Uint8Array): Uint8Array {
  const frame = new Uint8Array(frameHeaderBytes + payload.length);
  const view = new DataView(frame.buffer);
  view.setUint32(0, payload.length, true);
  view.setUint32(4, crc32c(payload), true);
  frame.set(payload, frameHeaderBytes);
  return frame;
}

/** the payload of a valid frame at offset, or undefined (a zero length is never valid: it is what a zeroed append reads as) */
function frameAt(bytes: Uint8Array, view: DataView, offset: number): Uint8Array | undefined {
  if (offset + frameHeaderBytes > bytes.length) return undefined;
  const length = view.getUint32(offset, true);
  const end = offset + frameHeaderBytes + length;
  if (length === 0 || end > bytes.length) return undefined;
  if (crc32c(bytes, offset + frameHeaderBytes, end) !== view.getUint32(offset + 4, true)) return undefined;
  return bytes.subarray(offset + frameHeaderBytes, end);
}

export type ParsedFrames =
  | { readonly kind: 'ok'; readonly payloads: Uint8Array[]; readonly validBytes: number; readonly tornBytes: number }
  | { readonly kind: 'corrupt'; readonly offset: number; readonly nextValidOffset: number };

/** Splits a log into frame payloads, telling a torn tail (discard) from corruption (refuse). */
export function parseFrames(bytes: Uint8Array): ParsedFrames {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const payloads: Uint8Array[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const payload = frameAt(bytes, view, offset);
    if (payload === undefined) break;
    payloads.push(payload);
    offset += frameHeaderBytes + payload.length;
  }
  for (let candidate = offset + 1; candidate + frameHeaderBytes < bytes.length; candidate++) {
    if (frameAt(bytes, view, candidate) !== undefined) return { kind: 'corrupt', offset, nextValidOffset: candidate };
  }
  return { kind: 'ok', payloads, validBytes: offset, tornBytes: bytes.length - offset };
}
