import { z } from 'zod'
import { isValidChineseIdNumber } from './id-card'
import { isoDateTime, lineText, optionalText, trimmed, trimmedLines } from './text-fields'
import { schemaWording } from '../errors/core-error'

/** The one description of a person: used by the store, the contract, the CLI and CSV import. */

export const PERSON_TYPES = ['employee', 'visitor', 'blacklist', 'vip'] as const
export const GENDERS = ['male', 'female', 'unknown'] as const
export const CERTIFICATE_TYPES = ['id_card', 'passport', 'other'] as const
export const PHOTO_SOURCES = ['camera', 'file', 'import'] as const

export type PersonType = (typeof PERSON_TYPES)[number]

/** Back ends key persons by this code, so it is restricted to what every documented API accepts. */
export const PERSON_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/
/** E.164: a plus sign, the country code, then at most 15 digits in all. */
export const PHONE_PATTERN = /^\+[1-9]\d{6,14}$/
/** What people type; the person service adds the desk's default country code to national numbers. */
export const PHONE_INPUT_PATTERN = /^\+?[0-9][0-9 ()\-.]{4,24}$/


export const PhotoRefSchema = z.object({
  /** SHA-256 of the JPEG bytes; the file lives at photos/<aa>/<hash>.jpg. */
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hex digest'),
  width: z.int().positive(),
  height: z.int().positive(),
  bytes: z.int().positive(),
  quality: z.number().min(0).max(100).nullable(),
  source: z.enum(PHOTO_SOURCES),
  capturedAt: isoDateTime,
})
export type PhotoRef = z.infer<typeof PhotoRefSchema>

export const CertificateSchema = z
  .object({
    type: z.enum(CERTIFICATE_TYPES),
    number: lineText().trim().min(1, 'is required').max(40, 'at most 40 characters'),
  })
  .superRefine((cert, ctx) => {
    if (cert.type === 'id_card' && !isValidChineseIdNumber(cert.number)) {
      ctx.addIssue({ code: 'custom', path: ['number'], message: schemaWording('field.id_card_check_digit') })
    }
  })

/** Fields a user may set. `id`, timestamps and `version` belong to the store. */
const editableShape = {
  code: z.string().trim().regex(PERSON_CODE_PATTERN, schemaWording('field.person_code_format')),
  name: lineText().trim().min(1, 'is required').max(64, 'at most 64 characters'),
  type: z.enum(PERSON_TYPES),
  gender: z.enum(GENDERS),
  phone: z.string().regex(PHONE_PATTERN, schemaWording('field.phone_format')),
  phoneInput: z.string().trim().regex(PHONE_INPUT_PATTERN, schemaWording('field.phone_input_format')),
  email: z.email(schemaWording('field.invalid_email')).max(254),
  certificate: CertificateSchema,
  company: trimmed(128),
  department: trimmed(128),
  position: trimmed(64),
  note: trimmedLines(1000),
  groups: z.array(z.string().min(1)).max(64, 'at most 64 groups'),
  validFrom: isoDateTime,
  validUntil: isoDateTime,
  enabled: z.boolean(),
  reason: trimmed(500),
}

export const PersonSchema = z.object({
  id: z.string().min(1),
  code: editableShape.code,
  // stored records are read as they were written (a register from before the control-character
  // rule still opens); new input is held to editableShape.name
  name: z.string().trim().min(1, 'is required').max(64, 'at most 64 characters'),
  type: editableShape.type,
  gender: editableShape.gender,
  phone: editableShape.phone.nullable(),
  email: editableShape.email.nullable(),
  certificate: CertificateSchema.nullable(),
  company: z.string(),
  department: z.string(),
  position: z.string(),
  note: z.string(),
  groups: editableShape.groups,
  validFrom: isoDateTime.nullable(),
  validUntil: isoDateTime.nullable(),
  enabled: z.boolean(),
  photo: PhotoRefSchema.nullable(),
  reason: z.string(),
  createdAt: isoDateTime,
  createdBy: z.string(),
  updatedAt: isoDateTime,
  updatedBy: z.string(),
  version: z.int().positive(),
  deletedAt: isoDateTime.nullable(),
})
export type Person = z.infer<typeof PersonSchema>

/** What `add` accepts: everything optional but the name; empty strings mean "not given". */
export const PersonInputSchema = z
  .object({
    code: editableShape.code.optional(),
    name: editableShape.name,
    type: editableShape.type.default('visitor'),
    gender: editableShape.gender.default('unknown'),
    phone: editableShape.phoneInput.or(z.literal('')).nullish(),
    email: editableShape.email.nullish(),
    certificate: CertificateSchema.nullish(),
    company: optionalText(128),
    department: optionalText(128),
    position: optionalText(64),
    note: trimmedLines(1000).optional(),
    groups: editableShape.groups.optional(),
    validFrom: isoDateTime.nullish(),
    validUntil: isoDateTime.nullish(),
    enabled: z.boolean().optional(),
    reason: optionalText(500),
  })
  .strict()
export type PersonInput = z.input<typeof PersonInputSchema>

/** What `edit` accepts: any editable field, plus the version the editor saw. */
export const PersonPatchSchema = z
  .object({
    code: editableShape.code.optional(),
    name: editableShape.name.optional(),
    type: editableShape.type.optional(),
    gender: editableShape.gender.optional(),
    phone: editableShape.phoneInput.or(z.literal('')).nullable().optional(),
    email: editableShape.email.nullable().optional(),
    certificate: CertificateSchema.nullable().optional(),
    company: trimmed(128).optional(),
    department: trimmed(128).optional(),
    position: trimmed(64).optional(),
    note: trimmedLines(1000).optional(),
    groups: editableShape.groups.optional(),
    validFrom: isoDateTime.nullable().optional(),
    validUntil: isoDateTime.nullable().optional(),
    enabled: z.boolean().optional(),
    reason: trimmed(500).optional(),
  })
  .strict()
export type PersonPatch = z.input<typeof PersonPatchSchema>

