/** `<input type="datetime-local">` speaks local wall-clock time without a zone; the core stores ISO instants. */

const pad = (n: number) => String(n).padStart(2, '0')

export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return ''
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

/** Empty → null; anything the browser cannot read is passed on as typed, for the core's schema to name. */
export function fromLocalInput(value: string): string | null {
  if (!value.trim()) return null
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? value : date.toISOString()
}

/** A visitor's default validity: from now until the end of today, as the core itself defaults it. */
export function visitorValidity(now = new Date()): { validFrom: string; validUntil: string } {
  const end = new Date(now)
  end.setHours(23, 59, 0, 0)
  return { validFrom: toLocalInput(now.toISOString()), validUntil: toLocalInput(end.toISOString()) }
}

export function formatDateTime(iso: string | null | undefined, language: string): string {
  if (!iso) return ''
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))
}

/** Short enough for a table cell: "Nov 24, 18:00" / "11月24日 18:00". */
export function formatShortDateTime(iso: string | null | undefined, language: string): string {
  if (!iso) return ''
  return new Intl.DateTimeFormat(language, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso))
}

export function formatDate(iso: string | null | undefined, language: string): string {
  if (!iso) return ''
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium' }).format(new Date(iso))
}

export function isExpired(validUntil: string | null, now = Date.now()): boolean {
  return validUntil !== null && new Date(validUntil).getTime() < now
}
