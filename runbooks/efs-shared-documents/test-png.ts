/**
 * The sample's `documents/Test.png`, made in code instead of downloaded (the
 * source saves an image from the web): a small valid PNG whose bytes are the
 * same on every machine, because its pixel data is stored, not compressed.
 */
import { crc32 } from 'node:zlib';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function u32(n: number): number[] {
  return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

function chunk(type: string, data: number[]): number[] {
  const body = [...Buffer.from(type, 'ascii'), ...data];
  return [...u32(data.length), ...body, ...u32(crc32(Uint8Array.from(body)))];
}

/** A zlib stream of stored (uncompressed) deflate blocks: no compressor, so no version can change the bytes. */
function storedZlib(data: number[]): number[] {
  const out = [0x78, 0x01];
  for (let at = 0; at === 0 || at < data.length; at += 0xffff) {
    const block = data.slice(at, at + 0xffff);
    const last = at + 0xffff >= data.length ? 1 : 0;
    out.push(last, block.length & 0xff, block.length >>> 8, ~block.length & 0xff, (~block.length >>> 8) & 0xff, ...block);
  }
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return [...out, ...u32(((b << 16) | a) >>> 0)];
}

/** A `size` x `size` RGB image: a blue square crossed by a white diagonal. */
export function testPng(size = 16): Uint8Array {
  const rows: number[] = [];
  for (let y = 0; y < size; y++) {
    rows.push(0); // filter: none
    for (let x = 0; x < size; x++) rows.push(...(x === y ? [255, 255, 255] : [30, 90, 200]));
  }
  const header = [...u32(size), ...u32(size), 8, 2, 0, 0, 0]; // 8-bit RGB, no interlace
  return Uint8Array.from([...SIGNATURE, ...chunk('IHDR', header), ...chunk('IDAT', storedZlib(rows)), ...chunk('IEND', [])]);
}
