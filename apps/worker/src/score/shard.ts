/** One of `count` shards of the users: shard `index` scores the users `shardOf` gives it. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/**
 * Most shards a run may have. More shards than cores buys nothing, and every shard
 * reads the whole features file.
 */
export const MAX_SHARDS = 64;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * The shard of a user: FNV-1a (32 bit) of the user_id's decimal digits, modulo `count`.
 * A hash, not `user_id % count`, so that shards stay even however ids were handed out
 * (in blocks, by cohort); the same id lands in the same shard on every run, every
 * machine and in any language (`fnv1a32('42') = 0x87e38583`). A value that is not a user
 * id belongs to shard 0, which reports or skips its row.
 *
 * @example
 * shardOf(42, 2); // => 1 (0x87e38583 is odd)
 */
export function shardOf(userId: number, count: number): number {
  if (!Number.isInteger(userId) || userId < 0 || userId > 2_147_483_647) return 0;
  const digits = String(userId);
  let hash = FNV_OFFSET;
  for (let i = 0; i < digits.length; i++) {
    hash ^= digits.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return (hash >>> 0) % count;
}

/** `i/n` as a Shard, or null when it is not one (0 <= i < n <= MAX_SHARDS). */
export function parseShard(text: string): Shard | null {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  if (!match) return null;
  const shard = { index: Number(match[1]), count: Number(match[2]) };
  return isShardCount(shard.count) && shard.index < shard.count ? shard : null;
}

/** A shard count from 1 to MAX_SHARDS. */
export function isShardCount(count: number): boolean {
  return Number.isInteger(count) && count >= 1 && count <= MAX_SHARDS;
}
