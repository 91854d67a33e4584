import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileDurably } from '../store/durable-file'
import type { HistoryBucket } from '../../../common/sync/sync-status'

export type { HistoryBucket } from '../../../common/sync/sync-status'

export const HISTORY_BUCKET_MS = 10 * 60_000
const KEEP_MS = 24 * 60 * 60_000

export type HistoryOutcome = 'pushed' | 'failed' | 'refused'

type Counts = Record<HistoryOutcome, number>

/**
 * Pushed / failed / refused per 10-minute bucket and per target, for the last day: the small
 * chart of the sync screen. It is a convenience, not a record: kept in sync-history.json beside
 * the register (not in it), written when a bucket closes and when the worker stops.
 */
export class SyncHistory {
  private readonly buckets = new Map<number, Map<string, Counts>>()
  private lastBucket = 0
  private saving: Promise<void> = Promise.resolve()

  constructor(
    private readonly dataDir: string | null,
    private readonly now: () => number = Date.now,
  ) {}

  get path(): string | null {
    return this.dataDir ? join(this.dataDir, 'sync-history.json') : null
  }

  async load(): Promise<void> {
    if (!this.path) return
    try {
      const saved = JSON.parse(await readFile(this.path, 'utf8')) as { buckets?: Record<string, Record<string, Counts>> }
      for (const [start, targets] of Object.entries(saved.buckets ?? {})) {
        const map = new Map<string, Counts>()
        for (const [targetId, counts] of Object.entries(targets)) map.set(targetId, { pushed: counts.pushed | 0, failed: counts.failed | 0, refused: counts.refused | 0 })
        this.buckets.set(Number(start), map)
      }
    } catch {
      // missing or unreadable: the chart starts empty, nothing else depends on it
    }
    this.prune()
  }

  record(targetId: string, outcome: HistoryOutcome): void {
    const start = bucketStart(this.now())
    if (this.lastBucket && start !== this.lastBucket) void this.save()
    this.lastBucket = start
    let targets = this.buckets.get(start)
    if (!targets) this.buckets.set(start, (targets = new Map()))
    let counts = targets.get(targetId)
    if (!counts) targets.set(targetId, (counts = { pushed: 0, failed: 0, refused: 0 }))
    counts[outcome]++
  }

  /** Oldest first, one entry per bucket (empty ones included) over the last `hours`. */
  series(hours: number, targetId?: string): HistoryBucket[] {
    const last = bucketStart(this.now())
    const count = Math.max(1, Math.ceil((hours * 3_600_000) / HISTORY_BUCKET_MS))
    const series: HistoryBucket[] = []
    for (let i = count - 1; i >= 0; i--) {
      const start = last - i * HISTORY_BUCKET_MS
      const sum = { pushed: 0, failed: 0, refused: 0 }
      for (const [id, counts] of this.buckets.get(start) ?? []) {
        if (targetId && id !== targetId) continue
        sum.pushed += counts.pushed
        sum.failed += counts.failed
        sum.refused += counts.refused
      }
      series.push({ start: new Date(start).toISOString(), ...sum })
    }
    return series
  }

  save(): Promise<void> {
    const path = this.path
    if (!path) return Promise.resolve()
    this.prune()
    const snapshot = JSON.stringify({
      format: 'enrollment-station-sync-history',
      buckets: Object.fromEntries([...this.buckets].map(([start, targets]) => [start, Object.fromEntries(targets)])),
    })
    this.saving = this.saving.then(() => writeFileDurably(path, snapshot)).catch(() => {})
    return this.saving
  }

  private prune(): void {
    const oldest = this.now() - KEEP_MS
    for (const start of this.buckets.keys()) if (start < oldest) this.buckets.delete(start)
  }
}

function bucketStart(at: number): number {
  return Math.floor(at / HISTORY_BUCKET_MS) * HISTORY_BUCKET_MS
}
