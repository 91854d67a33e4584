import type { Person } from '../../../common/model/person'
import { MappingSchema, PHONE_FORMATS, type MappingInput } from '../../../common/targets/mapping'
import type { OptionalPersonField, PushChange } from './types'

export { MappingSchema, PHONE_FORMATS, type Mapping, type MappingInput } from '../../../common/targets/mapping'

export interface ResolvedMapping {
  types: Partial<Record<Person['type'], string>>
  groups: Record<string, string[]>
  genders: Partial<Record<Person['gender'], string>>
  certificateTypes: Partial<Record<NonNullable<Person['certificate']>['type'], string>>
  phone: { format: (typeof PHONE_FORMATS)[number]; homeCountryCode: string }
}

export const NO_MAPPING: ResolvedMapping = {
  types: {},
  groups: {},
  genders: {},
  certificateTypes: {},
  phone: { format: 'national-at-home', homeCountryCode: '86' },
}

export function resolveMapping(defaults: ResolvedMapping, mapping: MappingInput | undefined): ResolvedMapping {
  const given = MappingSchema.parse(mapping ?? {})
  return {
    types: { ...defaults.types, ...given.types },
    groups: { ...defaults.groups, ...given.groups },
    genders: { ...defaults.genders, ...given.genders },
    certificateTypes: { ...defaults.certificateTypes, ...given.certificateTypes },
    phone: {
      format: given.phone.format ?? defaults.phone.format,
      homeCountryCode: given.phone.homeCountryCode ?? defaults.phone.homeCountryCode,
    },
  }
}

/** Remote ids of the person's groups, in the person's group order, without repeats. Unmapped groups are skipped. */
export function remoteGroupIds(mapping: ResolvedMapping, person: Person): string[] {
  const ids: string[] = []
  for (const group of person.groups) for (const id of mapping.groups[group] ?? []) if (!ids.includes(id)) ids.push(id)
  return ids
}

/**
 * E.164 country calling codes are prefix-free: 1 and 7 are one digit, these are two digits, every
 * other code has three. That is enough to split "+8613800138000" into "86" and "13800138000".
 */
const TWO_DIGIT_CODES = new Set([
  '20', '27', '30', '31', '32', '33', '34', '36', '39', '40', '41', '43', '44', '45', '46', '47', '48', '49',
  '51', '52', '53', '54', '55', '56', '57', '58', '60', '61', '62', '63', '64', '65', '66', '81', '82', '84',
  '86', '90', '91', '92', '93', '94', '95', '98',
])

export function splitPhone(e164: string): { countryCode: string; national: string } {
  const digits = e164.replace(/^\+/, '')
  const length = digits[0] === '1' || digits[0] === '7' ? 1 : TWO_DIGIT_CODES.has(digits.slice(0, 2)) ? 2 : 3
  return { countryCode: digits.slice(0, length), national: digits.slice(length) }
}

export function formatPhone(e164: string | null, phone: ResolvedMapping['phone']): string | undefined {
  if (!e164) return undefined
  if (phone.format === 'e164') return e164
  const { countryCode, national } = splitPhone(e164)
  return countryCode === phone.homeCountryCode ? national : e164
}

/**
 * An optional text field as a back end should get it: the value when there is one; "" only to
 * clear a value the target was given before; otherwise nothing (left out of the request).
 */
export function optionalText(change: Pick<PushChange, 'filledBefore'>, field: OptionalPersonField, value: string | null | undefined): string | undefined {
  if (value !== null && value !== undefined && value !== '') return value
  return change.filledBefore?.includes(field) ? '' : undefined
}
