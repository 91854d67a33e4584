import { z } from 'zod'
import { PERSON_TYPES, PHOTO_SOURCES, PersonInputSchema, PersonPatchSchema, type Person } from '../model/person'
import type { PersonPage } from '../persons/person-page'
import type { AuditEntry } from '../persons/audit-entry'
import type { ImportReport } from '../persons/csv-import-report'
import { schemaWording } from '../errors/core-error'
import { BULK_ACTIONS, type BulkOutcome } from '../persons/bulk-actions'
import { FieldMatchInputSchema, type CheckedPerson, type FieldMatch } from '../persons/field-match'
import { channel, id, version } from './channel'

const PhotoUploadSchema = z.object({
  base64: z.string().min(1, schemaWording('field.required')).max(36_000_000, schemaWording('field.photo_too_large')),
  source: z.enum(PHOTO_SOURCES).default('file'),
})
/** A portrait the core already cropped and stored (face.prepare): saved as is, not cropped twice. */
const StoredPhotoSchema = z
  .object({
    hash: z.string().regex(/^[0-9a-f]{64}$/, 'must be the hash face.prepare returned'),
    quality: z.number().min(0).max(100).nullable().optional(),
    /** Where the portrait came from: a camera capture (face.prepare, the default) or a file (face.prepareFile). */
    source: z.enum(['camera', 'file']).optional(),
  })
  .strict()
const PhotoInputSchema = z.union([PhotoUploadSchema, StoredPhotoSchema])

export const PersonQuerySchema = z
  .object({
    text: z.string().max(200).optional(),
    type: z.enum(PERSON_TYPES).optional(),
    group: z.string().optional(),
    deleted: z.enum(['exclude', 'include', 'only']).optional(),
    expired: z.boolean().optional(),
    enabled: z.boolean().optional(),
    ids: z.array(z.string()).max(10_000).optional(),
    sort: z.enum(['name', 'code', 'createdAt', 'updatedAt']).optional(),
    order: z.enum(['asc', 'desc']).optional(),
    offset: z.int().min(0).optional(),
    limit: z.int().min(1).max(10_000).optional(),
  })
  .strict()

/** The register's persons: one by one, the list, the multi-select, their history, CSV in and out. */
export const personChannels = {
  'person.add': channel<CheckedPerson>()(PersonInputSchema.extend({ photo: PhotoInputSchema.optional() })),
  'person.edit': channel<CheckedPerson>()(PersonPatchSchema.extend({ id, version })),
  'person.show': channel<Person>()(z.object({ id }).strict()),
  'person.list': channel<PersonPage>()(PersonQuerySchema),
  'person.delete': channel<Person>()(z.object({ id, version: version.optional() }).strict()),
  'person.restore': channel<Person>()(z.object({ id }).strict()),
  'person.purge': channel<{ id: string; code: string }>()(z.object({ id }).strict()),
  'person.setPhoto': channel<Person>()(z.object({ id, version: version.optional(), photo: PhotoInputSchema }).strict()),
  'person.removePhoto': channel<Person>()(z.object({ id, version: version.optional() }).strict()),
  'person.history': channel<AuditEntry[]>()(z.object({ id }).strict()),
  /** The blacklist entries whose certificate number, phone or name agree with what the desk typed (before Save). */
  'blacklist.matchFields': channel<FieldMatch[]>()(FieldMatchInputSchema),

  /**
   * The file's content, as the page has it; `photosDir` is a folder on the station's own disk where
   * the photo column's file names are read (the CLI's --photos: a folder of thousands of photos is
   * named, not sent). Progress as `progress` events, task "csv.import".
   */
  'csv.import': channel<ImportReport>()(
    z
      .object({
        base64: z.string().min(1, 'is required'),
        encoding: z.enum(['auto', 'utf8', 'gbk']).optional(),
        photosDir: z.string().trim().min(1, 'is required').max(4096).optional(),
      })
      .strict(),
  ),
  'csv.export': channel<{ base64: string; count: number }>()(PersonQuerySchema.omit({ offset: true, limit: true })),

  /** The Persons screen's multi-select: one action on many persons; each refusal is reported, the rest proceed. */
  'person.bulk': channel<BulkOutcome>()(
    z
      .object({
        ids: z.array(id).min(1, schemaWording('field.no_persons_selected')).max(10_000),
        action: z.enum(BULK_ACTIONS),
        groups: z.array(id).max(64).optional(),
      })
      .strict(),
  ),
}
