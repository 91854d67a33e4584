/**
 * Every collection the register keeps, and how many snapshot files it is split into. Large
 * collections are sharded so that compaction rewrites a few hundred KB per file, not the whole
 * register (lowdb alone rewrites one file of every record on every write).
 */
export const COLLECTIONS = {
  persons: { shards: 64 },
  groups: { shards: 1 },
  targets: { shards: 1 },
  remote_links: { shards: 16 },
  sync: { shards: 64 },
  settings: { shards: 1 },
  /** Operator accounts (name, role, scrypt hash): a few dozen at a desk. */
  operators: { shards: 1 },
} as const satisfies Record<string, { shards: number }>

export type CollectionName = keyof typeof COLLECTIONS

export function isCollectionName(name: string): name is CollectionName {
  return Object.hasOwn(COLLECTIONS, name)
}

/** FNV-1a: stable across runs and platforms, which a shard layout on disk must be. */
export function shardOf(id: string, shards: number): number {
  if (shards === 1) return 0
  let hash = 0x811c9dc5
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0) % shards
}
