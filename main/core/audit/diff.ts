/** Field-level before/after pairs for the audit trail; unchanged fields are left out. */
export function diffFields<T extends object>(before: T | undefined, after: T | undefined, ignore: string[] = []): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {}
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])
  for (const key of keys) {
    if (ignore.includes(key)) continue
    const a = (before as Record<string, unknown> | undefined)?.[key] ?? null
    const b = (after as Record<string, unknown> | undefined)?.[key] ?? null
    if (JSON.stringify(a) !== JSON.stringify(b)) changes[key] = [a, b]
  }
  return changes
}
