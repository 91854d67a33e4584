/**
 * A blacklist entry found by a person's fields rather than their face (pure: the contract, the
 * CLI and the desk read it). The certificate number and the phone are strong matches (one
 * document, one number); the name is a weak hint only: common names are shared by strangers.
 */
import { z } from 'zod'
import { CERTIFICATE_TYPES, type Person } from '../model/person'

export const FIELD_MATCH_FIELDS = ['certificate', 'phone', 'name', 'pinyin'] as const
export type FieldMatchField = (typeof FIELD_MATCH_FIELDS)[number]

export interface FieldMatch {
  personId: string
  code: string
  name: string
  /** Why the entry is on the blacklist (empty when nobody wrote it down). */
  reason: string
  /** Which fields agree: `name` the same name, `pinyin` a Chinese name that sounds the same. */
  matched: FieldMatchField[]
  /** `strong`: the certificate number or the phone is the entry's; `weak`: only the name is alike. */
  strength: 'strong' | 'weak'
  photoHash: string | null
}

/** What the desk has typed so far: checked before Save, as a face is checked before Save. */
export const FieldMatchInputSchema = z
  .object({
    name: z.string().max(200).optional(),
    phone: z.string().max(40).optional(),
    certificate: z.object({ type: z.enum(CERTIFICATE_TYPES).optional(), number: z.string().max(80) }).strict().nullish(),
    /** The person being edited: their own entry is not reported. */
    excludePersonId: z.string().min(1).max(64).optional(),
  })
  .strict()
export type FieldMatchInput = z.input<typeof FieldMatchInputSchema>

const STRONG: readonly FieldMatchField[] = ['certificate', 'phone']

export function strengthOf(matched: readonly FieldMatchField[]): FieldMatch['strength'] {
  return matched.some((field) => STRONG.includes(field)) ? 'strong' : 'weak'
}

/** What person.add and person.edit answer: the saved person, and the blacklist entries their fields match (only when there are some). */
export type CheckedPerson = Person & { blacklistMatches?: FieldMatch[] }
