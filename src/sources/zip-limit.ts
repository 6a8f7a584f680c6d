import { inflateRawSync } from 'node:zlib';
import { MeUnifyError } from '../issues/errors.js';

/**
 * Most a workbook may inflate to. Annotation workbooks inflate to a few MB; SheetJS inflates every
 * entry in memory at once, so a zip bomb (0.7 MB inflating to 700 MB) would take gigabytes first.
 */
export const MAX_INFLATED_BYTES = 128 * 1024 * 1024;

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function refuse(file: string, why: string): MeUnifyError {
  return new MeUnifyError(
    `${file}: ${why}; the limit for an annotation workbook is ${MAX_INFLATED_BYTES} bytes (${MAX_INFLATED_BYTES / 1024 / 1024} MB) unpacked, so it is not read (expected a workbook saved by Excel)`,
    { file },
  );
}

function damaged(file: string, why: string): MeUnifyError {
  return new MeUnifyError(
    `${file}: not a readable .xlsx file (damaged zip: ${why}); re-download it or save it again`,
    {
      file,
    },
  );
}

/**
 * Refuses an .xlsx (zip) whose entries unpack to more than MAX_INFLATED_BYTES, before SheetJS
 * sees it: first by the sizes the central directory and local headers declare, then by actually
 * inflating each entry with a cap (declared sizes can lie, and zlib stops at the cap).
 */
export function checkZipSize(buf: Buffer, file: string): void {
  const eocd = findEocd(buf);
  if (eocd < 0) throw damaged(file, 'no end-of-central-directory record');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  let declared = 0;
  let inflated = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== CENTRAL)
      throw damaged(file, `central directory entry ${i + 1} is missing`);
    const method = buf.readUInt16LE(at + 10);
    const packed = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    // 0xFFFFFFFF means "see the ZIP64 record": more than 4 GB, far past the limit anyway
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL)
      throw damaged(file, `entry '${name}' has no local header`);
    declared += Math.max(size, buf.readUInt32LE(local + 22));
    if (declared > MAX_INFLATED_BYTES)
      throw refuse(
        file,
        `its zip entries declare at least ${declared} bytes unpacked (counted up to '${name}')`,
      );
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (method === 0) inflated += packed;
    else if (method === 8)
      inflated += inflatedSize(
        buf.subarray(start, start + packed),
        MAX_INFLATED_BYTES - inflated,
        file,
        name,
      );
    if (inflated > MAX_INFLATED_BYTES)
      throw refuse(file, `its zip entries unpack to more than ${MAX_INFLATED_BYTES} bytes (at '${name}')`);
  }
}

function inflatedSize(packed: Buffer, room: number, file: string, name: string): number {
  try {
    return inflateRawSync(packed, { maxOutputLength: Math.max(1, room) }).length;
  } catch (err) {
    if (err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw refuse(
        file,
        `its zip entry '${name}' unpacks to more than the ${room} bytes left under the limit`,
      );
    throw damaged(file, `entry '${name}' cannot be unpacked (${err instanceof Error ? err.message : err})`);
  }
}

/** The end-of-central-directory record: in the last 64 KB + 22 bytes (its comment may fill 64 KB). */
function findEocd(buf: Buffer): number {
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--)
    if (buf.readUInt32LE(i) === EOCD) return i;
  return -1;
}
