import { randomBytes, randomUUID } from 'node:crypto';
import type { NodejsActionContext } from '../../../src/actions/runners/nodejs.js';

/** Gregorian epoch (1582-10-15) to Unix epoch, in 100-nanosecond intervals. */
const GREGORIAN_OFFSET = 122192928000000000n;

/** core.uuid: a new UUID as a string, version 4 (random) or version 1 (time-based). */
export async function run(params: Record<string, unknown>, _context: NodejsActionContext): Promise<string> {
  const type = params.uuid_type ?? 'uuid4';
  if (type === 'uuid4') return randomUUID();
  if (type === 'uuid1') return uuid1();
  throw new Error(`uuid_type must be uuid1 or uuid4, not ${String(type)}`);
}

/**
 * RFC 4122 version 1: a 60-bit timestamp, a random clock sequence and a random node id with the
 * multicast bit set (the RFC's choice when no MAC address is used).
 */
export function uuid1(now: number = Date.now()): string {
  const timestamp = BigInt(now) * 10000n + GREGORIAN_OFFSET;
  const timeLow = Number(timestamp & 0xffffffffn);
  const timeMid = Number((timestamp >> 32n) & 0xffffn);
  const timeHigh = Number((timestamp >> 48n) & 0x0fffn) | 0x1000;
  const random = randomBytes(8);
  const clockSeq = (((random[0] ?? 0) << 8) | (random[1] ?? 0)) & 0x3fff | 0x8000;
  const node = random.subarray(2, 8);
  node[0] = (node[0] ?? 0) | 0x01;
  const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');
  return `${hex(timeLow, 8)}-${hex(timeMid, 4)}-${hex(timeHigh, 4)}-${hex(clockSeq, 4)}-${node.toString('hex')}`;
}
