import { z } from 'zod'
import { CERTIFICATE_TYPES, GENDERS, PERSON_TYPES } from '../model/person'

/**
 * How local values become a target's values. Stored per target; anything left out falls back to
 * the kind's documented default (see each connector's `defaultMapping`).
 */
export const PHONE_FORMATS = ['national-at-home', 'e164'] as const

export const MappingSchema = z.object({
  /** Local person type → the back end's type value. */
  types: z.partialRecord(z.enum(PERSON_TYPES), z.string().trim().min(1)).default({}),
  /**
   * Local group id → remote ids: permission ids (SophonFogSys), structure id (Tuya), admin org id
   * (ISDP), org name (YCE). Back ends that take one value use the first mapped group of the person.
   */
  groups: z.record(z.string().min(1), z.array(z.string().trim().min(1)).min(1)).default({}),
  genders: z.partialRecord(z.enum(GENDERS), z.string().trim().min(1)).default({}),
  certificateTypes: z.partialRecord(z.enum(CERTIFICATE_TYPES), z.string().trim().min(1)).default({}),
  phone: z
    .object({
      /** national-at-home: "13800138000" for a home-country number, "+44…" otherwise. */
      format: z.enum(PHONE_FORMATS).optional(),
      homeCountryCode: z.string().regex(/^[1-9]\d{0,2}$/, 'must be a country calling code such as 86').optional(),
    })
    .default({}),
})
export type Mapping = z.infer<typeof MappingSchema>
export type MappingInput = z.input<typeof MappingSchema>
