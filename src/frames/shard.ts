import { createHash } from 'node:crypto';

/**
 * Whether sample `id` belongs to part `index` of `count` (`--shard i/n`). Membership hangs on the
 * id alone — not on the order or number of other samples — so every array job of a cluster agrees
 * on the split without talking to the others, and the n parts together are the whole, once each.
 */
export function inShard(id: string, shard: { index: number; count: number }): boolean {
  const h = createHash('sha256').update(id).digest().readUInt32BE(0);
  return (h % shard.count) + 1 === shard.index;
}
