/**
 * Keys waiting for a time, earliest first (ties: first scheduled first). Rescheduling a key
 * replaces its time; stale heap entries are skipped when they surface, which keeps every
 * operation O(log n) for a queue of hundreds of thousands.
 */
export class DueQueue {
  private readonly due = new Map<string, { at: number; seq: number }>()
  private heap: Array<{ at: number; seq: number; key: string }> = []
  private seq = 0

  get size(): number {
    return this.due.size
  }

  has(key: string): boolean {
    return this.due.has(key)
  }

  keys(): IterableIterator<string> {
    return this.due.keys()
  }

  schedule(key: string, at: number): void {
    const entry = { at, seq: this.seq++ }
    this.due.set(key, entry)
    this.push({ ...entry, key })
    // stale entries far in the future only leave when they surface: rebuild before they pile up
    if (this.heap.length > 2 * this.due.size + 1024) this.rebuild()
  }

  /** Keeps the earlier of the current and the given time. */
  scheduleNoLaterThan(key: string, at: number): void {
    const current = this.due.get(key)
    if (!current || at < current.at) this.schedule(key, at)
  }

  remove(key: string): void {
    this.due.delete(key)
  }

  /** The earliest key due at `now`, removed from the queue; undefined when none is due. */
  takeDue(now: number): string | undefined {
    for (;;) {
      const top = this.heap[0]
      if (!top) return undefined
      const current = this.due.get(top.key)
      if (!current || current.seq !== top.seq) {
        this.pop()
        continue
      }
      if (top.at > now) return undefined
      this.pop()
      this.due.delete(top.key)
      return top.key
    }
  }

  /** When the next key falls due; undefined when the queue is empty. */
  nextDueAt(): number | undefined {
    for (;;) {
      const top = this.heap[0]
      if (!top) return undefined
      const current = this.due.get(top.key)
      if (current && current.seq === top.seq) return top.at
      this.pop()
    }
  }

  private rebuild(): void {
    this.heap = []
    for (const [key, entry] of this.due) this.push({ ...entry, key })
  }

  /** "Sync now": everything waiting becomes due at `now`, in its current order. */
  advanceAll(now: number): void {
    const ordered = [...this.due.entries()].sort((a, b) => a[1].at - b[1].at || a[1].seq - b[1].seq)
    this.due.clear()
    this.heap = []
    for (const [key] of ordered) this.schedule(key, now)
  }

  private push(entry: { at: number; seq: number; key: string }): void {
    const heap = this.heap
    heap.push(entry)
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!before(heap[i], heap[parent])) break
      ;[heap[i], heap[parent]] = [heap[parent], heap[i]]
      i = parent
    }
  }

  private pop(): void {
    const heap = this.heap
    const last = heap.pop()
    if (!last || heap.length === 0) return
    heap[0] = last
    let i = 0
    for (;;) {
      const left = 2 * i + 1
      const right = left + 1
      let smallest = i
      if (left < heap.length && before(heap[left], heap[smallest])) smallest = left
      if (right < heap.length && before(heap[right], heap[smallest])) smallest = right
      if (smallest === i) return
      ;[heap[i], heap[smallest]] = [heap[smallest], heap[i]]
      i = smallest
    }
  }
}

function before(a: { at: number; seq: number }, b: { at: number; seq: number }): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq)
}
