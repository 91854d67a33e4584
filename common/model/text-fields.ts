/**
 * The building blocks of the register's schemas (persons, groups): what a user may type in a
 * field, and dates stored in UTC. Importing this module sets zod's wording for a missing field.
 */
import { z } from 'zod'
import { unsafeCharacter } from './plain-text'
import { codedIssueParams, englishText, schemaWording } from '../errors/core-error'

// A missing field reads "name: is required", in every schema, not zod's "expected string, received undefined".
z.config({
  customError: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? schemaWording('field.required') : undefined),
})

/** Accepts any offset, stores UTC, so that stored times compare correctly as strings. */
export const isoDateTime = z.iso
  .datetime({ offset: true, error: schemaWording('field.invalid_datetime') })
  .transform((value) => new Date(value).toISOString())
/** Refused before trimming, so a leading tab or CR (a spreadsheet formula's disguise) is refused too, not cut off. */
const plainText = (multiline: boolean) => (value: string, ctx: z.RefinementCtx) => {
  const character = unsafeCharacter(value, multiline)
  if (character) ctx.addIssue({ code: 'custom', message: englishText('field.control_character', { character }), params: codedIssueParams('field.control_character', { character }) })
}
/** One line of text a person typed: no control characters (see plain-text.ts). */
export const lineText = () => z.string().superRefine(plainText(false))
export const trimmed = (max: number) => lineText().trim().max(max, `at most ${max} characters`)
export const optionalText = (max: number) => trimmed(max).optional()
/**
 * Like `trimmed`, but line breaks and tabs are kept: notes and descriptions have several lines.
 * A leading tab or CR stays too, so that no trim turns "\t=cmd|…" into a formula (the CSV export
 * quotes such a cell either way).
 */
export const trimmedLines = (max: number) =>
  z
    .string()
    .superRefine(plainText(true))
    .overwrite((value) => value.replace(/^[^\S\t\r]+/, '').trimEnd())
    .max(max, `at most ${max} characters`)
