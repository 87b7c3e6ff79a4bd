import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * Reads a store's write-ahead log before SQLite opens the store (issue 17, point 3). SQLite replays the
 * WAL up to the first frame whose salts or checksum fail and, when it next writes, starts the log
 * over, so commits written after damaged bytes are dropped without a word. A crash leaves only a
 * torn tail (the last frames invalid, no commit after them), which is normal and left to SQLite.
 *
 * Format: https://www.sqlite.org/fileformat2.html#walformat (a 32-byte header, then frames of a
 * 24-byte header and one page).
 */
export type WalVerdict = { status: 'ok' } | { status: 'damaged'; detail: string };

const WAL_HEADER = 32;
const FRAME_HEADER = 24;
const WAL_VERSION = 3007000;
const MAGIC_LE = 0x377f0682;
const MAGIC_BE = 0x377f0683;
/** Frames are read in blocks of about this size, so a large log is not read whole into memory. */
const BLOCK_BYTES = 4 * 1024 * 1024;

const validPageSize = (n: number): boolean => n >= 512 && n <= 65536 && (n & (n - 1)) === 0;

/**
 * SQLite's WAL checksum: over 32-bit words in the byte order the magic number chose, two running
 * sums, each step adding a pair of words. `len` is a multiple of 8.
 */
const checksum = (bigEndian: boolean, buf: Buffer, offset: number, len: number, seed: readonly [number, number]): [number, number] => {
  let [s0, s1] = seed;
  for (let i = offset; i < offset + len; i += 8) {
    const x0 = bigEndian ? buf.readUInt32BE(i) : buf.readUInt32LE(i);
    const x1 = bigEndian ? buf.readUInt32BE(i + 4) : buf.readUInt32LE(i + 4);
    s0 = (s0 + x0 + s1) >>> 0;
    s1 = (s1 + x1 + s0) >>> 0;
  }
  return [s0, s1];
};

/** The store's page size from its own header (offset 16; 1 means 65536), for a log whose header is unreadable. */
const dbPageSize = (dbHeader: Buffer): number => {
  const raw = dbHeader.length >= 18 ? dbHeader.readUInt16BE(16) : 0;
  return raw === 1 ? 65536 : raw;
};

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Checks the log `walFile` of a store whose first bytes are `dbHeader`. 'ok' when there is no log, it
 * is empty, it is sound, or only its tail is torn. 'damaged' when committed data would be lost: the
 * header is damaged while whole frames follow it, or a frame is invalid and later frames that carry
 * the header's salts (this log generation's) end a transaction, i.e. were committed after the damage.
 */
export const checkWal = (walFile: string, dbHeader: Buffer): WalVerdict => {
  let fd: number;
  try {
    fd = openSync(walFile, 'r');
  } catch {
    return { status: 'ok' }; // no log: nothing to replay
  }
  try {
    const size = fstatSync(fd).size;
    if (size < WAL_HEADER) return { status: 'ok' }; // SQLite treats a log shorter than its header as empty
    const header = Buffer.alloc(WAL_HEADER);
    readSync(fd, header, 0, WAL_HEADER, 0);
    const magic = header.readUInt32BE(0);
    const pageSize = header.readUInt32BE(8);
    const bigEndian = magic === MAGIC_BE;
    const headerSound =
      (magic === MAGIC_LE || magic === MAGIC_BE) &&
      header.readUInt32BE(4) === WAL_VERSION &&
      validPageSize(pageSize) &&
      ((sum) => sum[0] === header.readUInt32BE(24) && sum[1] === header.readUInt32BE(28))(checksum(bigEndian, header, 0, 24, [0, 0]));
    if (!headerSound) {
      const frameBytes = FRAME_HEADER + (validPageSize(dbPageSize(dbHeader)) ? dbPageSize(dbHeader) : 4096);
      const frames = Math.floor((size - WAL_HEADER) / frameBytes);
      if (frames === 0) return { status: 'ok' };
      return { status: 'damaged', detail: `the header of the write-ahead log (${basename(walFile)}) is damaged, so SQLite would drop all ${plural(frames, 'frame')} after it` };
    }

    const frameBytes = FRAME_HEADER + pageSize;
    const total = Math.floor((size - WAL_HEADER) / frameBytes);
    const salt1 = header.readUInt32BE(16);
    const salt2 = header.readUInt32BE(20);
    let chain: [number, number] = [header.readUInt32BE(24), header.readUInt32BE(28)];
    let firstBad = -1;
    let commitsAfter = 0;
    let lastGoodCommit = 0;
    const perBlock = Math.max(1, Math.floor(BLOCK_BYTES / frameBytes));
    const block = Buffer.alloc(perBlock * frameBytes);
    for (let start = 0; start < total; start += perBlock) {
      const count = Math.min(perBlock, total - start);
      readSync(fd, block, 0, count * frameBytes, WAL_HEADER + start * frameBytes);
      for (let k = 0; k < count; k++) {
        const at = k * frameBytes;
        const ownSalts = block.readUInt32BE(at + 8) === salt1 && block.readUInt32BE(at + 12) === salt2;
        const commit = block.readUInt32BE(at + 4) !== 0;
        if (firstBad < 0) {
          let valid = ownSalts && block.readUInt32BE(at) !== 0;
          if (valid) {
            const sum = checksum(bigEndian, block, at + FRAME_HEADER, pageSize, checksum(bigEndian, block, at, 8, chain));
            valid = sum[0] === block.readUInt32BE(at + 16) && sum[1] === block.readUInt32BE(at + 20);
            chain = sum;
          }
          if (valid) {
            if (commit) lastGoodCommit = start + k + 1;
          } else firstBad = start + k;
        } else if (ownSalts && commit) commitsAfter++;
      }
    }
    if (firstBad < 0 || commitsAfter === 0) return { status: 'ok' };
    return {
      status: 'damaged',
      detail: `the write-ahead log (${basename(walFile)}) fails its checksum at frame ${firstBad + 1} of ${total}, and SQLite would drop the ${plural(commitsAfter, 'commit')} written after that (the last whole commit before it ends at frame ${lastGoodCommit})`,
    };
  } finally {
    closeSync(fd);
  }
};
