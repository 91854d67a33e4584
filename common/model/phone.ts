/**
 * Accepts what people type ("+86 138-0013-8000", "0086 13800138000", "13800138000") and returns
 * E.164. A number without a country code gets the station's default one (Settings), because a
 * desk in one country mostly enrolls local numbers; anything else is left for the schema to refuse.
 */
export function normalizePhone(raw: string | null | undefined, defaultCountryCode: string): string | null | undefined {
  if (raw === null || raw === undefined) return raw
  const compact = raw.replace(/[\s\-().]/g, '')
  if (compact === '') return null
  if (compact.startsWith('+')) return compact
  if (compact.startsWith('00')) return `+${compact.slice(2)}`
  if (/^\d+$/.test(compact)) return `${defaultCountryCode}${compact.replace(/^0/, '')}`
  return compact
}
