import { z } from 'zod'
import { PERSON_TYPES, PHOTO_SOURCES, PersonInputSchema, PersonPatchSchema, type Person } from '../common/model/person'
import { GroupInputSchema, GroupPatchSchema, type Group } from '../common/model/group'
import type { PersonPage } from '../main/core/persons/person-service'
import type { ImportReport } from '../main/core/csv/csv-service'
import type { AuditEntry } from '../main/core/store/journal'
import type { StationEvent } from '../main/core/events'
import { SYNC_DISPLAY_STATES } from '../main/core/sync/display-states'
import type { HistoryBucket, SyncStatusRow, SyncSummary, TargetSyncSummary } from '../main/core/sync'
import { PrepareCaptureInputSchema, type PreparedCapture } from '../common/face/capture-types'
import type { CatchUpReport } from '../main/core/face/register-faces'
import { PrepareFileInputSchema, type PreparedFile } from '../common/face/prepare-file-types'
import { BULK_ACTIONS } from '../main/core/persons/bulk-actions'
// ---- Settings: targets and capture settings ----
import {
  SettingsSetInputSchema,
  TargetAddInputSchema,
  TargetEditInputSchema,
  TargetIdInputSchema,
  TargetMapGroupInputSchema,
} from '../main/core/settings/inputs'
import type { TargetTestResult, TargetView } from '../main/core/settings/target-admin'
import type { TargetKindInfo } from '../main/core/settings/target-kinds'
import type { CaptureSettings } from '../main/core/settings/station-settings'
// ---- end Settings ----
import type { BackupListResult, BackupResult, VerifySummary } from '../main/core/backup'

/**
 * The bridge between the UI and the core, defined once: channel → input schema → result type.
 * Main's IPC handlers, the preload, the loopback host and the renderer's client are all typed
 * from this map, and every request is validated against its schema on the core's side.
 * Adding a channel here without a handler fails type checking (see main/core/api/handlers.ts).
 */

function channel<Result>() {
  return <Input extends z.ZodType>(input: Input) => ({ input, result: undefined as unknown as Result })
}

const id = z.string().trim().min(1, 'is required')
const version = z.int().positive()
const PhotoUploadSchema = z.object({
  base64: z.string().min(1, 'is required').max(36_000_000, 'photo is larger than 25 MB'),
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

export interface AppInfo {
  version: string
  dataDir: string
  actor: string
  warnings: string[]
  counts: Record<'employee' | 'visitor' | 'blacklist' | 'vip' | 'deleted' | 'total', number>
}

export const contract = {
  'app.info': channel<AppInfo>()(z.object({}).strict()),

  'person.add': channel<Person>()(PersonInputSchema.extend({ photo: PhotoInputSchema.optional() })),
  'person.edit': channel<Person>()(PersonPatchSchema.extend({ id, version })),
  'person.show': channel<Person>()(z.object({ id }).strict()),
  'person.list': channel<PersonPage>()(PersonQuerySchema),
  'person.delete': channel<Person>()(z.object({ id, version: version.optional() }).strict()),
  'person.restore': channel<Person>()(z.object({ id }).strict()),
  'person.purge': channel<{ id: string; code: string }>()(z.object({ id }).strict()),
  'person.setPhoto': channel<Person>()(z.object({ id, version: version.optional(), photo: PhotoInputSchema }).strict()),
  'person.removePhoto': channel<Person>()(z.object({ id, version: version.optional() }).strict()),
  'person.history': channel<AuditEntry[]>()(z.object({ id }).strict()),

  'group.list': channel<Array<Group & { members: number }>>()(z.object({}).strict()),
  'group.add': channel<Group>()(GroupInputSchema),
  'group.edit': channel<Group>()(z.object({ id, patch: GroupPatchSchema }).strict()),
  'group.delete': channel<{ group: Group; detached: number }>()(z.object({ id, detach: z.boolean().optional() }).strict()),

  'csv.import': channel<ImportReport>()(
    z.object({ base64: z.string().min(1, 'is required'), encoding: z.enum(['auto', 'utf8', 'gbk']).optional() }).strict(),
  ),
  'csv.export': channel<{ base64: string; count: number }>()(PersonQuerySchema.omit({ offset: true, limit: true })),

  /** The Persons screen's multi-select: one action on many persons; each refusal is reported, the rest proceed. */
  'person.bulk': channel<{ updated: number; failed: Array<{ id: string; message: string }> }>()(
    z
      .object({
        ids: z.array(id).min(1, 'select at least one person').max(10_000),
        action: z.enum(BULK_ACTIONS),
        groups: z.array(id).max(64).optional(),
      })
      .strict(),
  ),

  /** The sync screen: per target counts, rate, reachability; the queue per person × target; the user's actions. */
  'sync.summary': channel<SyncSummary>()(z.object({}).strict()),
  'sync.status': channel<{ items: SyncStatusRow[]; total: number }>()(
    z
      .object({
        target: z.string().optional(),
        person: z.string().optional(),
        state: z.enum(SYNC_DISPLAY_STATES).optional(),
        offset: z.int().min(0).optional(),
        limit: z.int().min(1).max(10_000).optional(),
      })
      .strict(),
  ),
  /** The person detail view: this person's state on every target (row null: nothing queued there). */
  'sync.person': channel<Array<{ targetId: string; targetName: string; row: SyncStatusRow | null }>>()(z.object({ id }).strict()),
  /** `person` is an id, a code, or "all". */
  'sync.retry': channel<{ moved: number }>()(z.object({ person: id, target: z.string().optional() }).strict()),
  'sync.pause': channel<TargetSyncSummary>()(z.object({ target: id, paused: z.boolean() }).strict()),
  'sync.now': channel<{ woken: number }>()(z.object({}).strict()),
  'sync.all': channel<{ queued: number }>()(z.object({ target: z.string().optional() }).strict()),
  'sync.limits': channel<TargetSyncSummary>()(
    z
      .object({
        target: id,
        ratePerSecond: z.number().positive('must be more than 0').max(10_000).optional(),
        concurrency: z.int('must be a whole number').min(1, 'at least 1').max(64, 'at most 64').optional(),
      })
      .strict(),
  ),
  /** Pushed / failed / refused per 10-minute bucket, oldest first. */
  'sync.history': channel<HistoryBucket[]>()(z.object({ hours: z.number().positive().max(24).optional(), target: z.string().optional() }).strict()),

  /**
   * A camera capture: the core crops the frame the renderer kept with the same function as photo
   * files, stores the portrait, and searches the register with the frame's descriptor (blacklist first).
   */
  'face.prepare': channel<PreparedCapture>()(PrepareCaptureInputSchema),
  /** Brings the register's face index up to date (the capture view calls it on opening, so the first capture does not wait). */
  'face.status': channel<CatchUpReport>()(z.object({}).strict()),

  /**
   * A photo file chosen at the desk, checked before saving: the core's file pipeline (detection,
   * quality gate, standard crop), the portrait stored, and the register searched (blacklist first);
   * `excludePersonId` leaves out the person whose photo is being replaced. Saved by reference like a capture.
   */
  'face.prepareFile': channel<PreparedFile>()(PrepareFileInputSchema),

  // ---- Settings: targets and capture settings ----
  /** Configured back ends; secrets appear only as "set or not" per key, never their values. */
  'target.list': channel<TargetView[]>()(z.object({}).strict()),
  /** Each kind of back end with the settings fields and secrets its form needs. */
  'target.kinds': channel<TargetKindInfo[]>()(z.object({}).strict()),
  'target.add': channel<TargetView>()(TargetAddInputSchema),
  /** Secrets left blank (or out) keep the stored ones; settings the form does not show are kept. */
  'target.edit': channel<TargetView>()(TargetEditInputSchema),
  /** Authenticates and makes one harmless call; a failure is a result (what went wrong, the back end's words), not an error. */
  'target.test': channel<TargetTestResult>()(TargetIdInputSchema),
  'target.mapGroup': channel<TargetView>()(TargetMapGroupInputSchema),
  /** Removes the target, its queue, its remote ids and its secrets. */
  'target.remove': channel<{ id: string; name: string }>()(TargetIdInputSchema),
  /** Station settings kept in the register: the quality gate's limits (live camera, photo files, CSV imports). */
  'settings.get': channel<{ capture: CaptureSettings }>()(z.object({}).strict()),
  'settings.set': channel<{ capture: CaptureSettings }>()(SettingsSetInputSchema),
  // ---- end Settings ----

  // ---- Backup ----
  /** Backups in the chosen backup folder (default: a "backups" folder beside the data folder), newest first, from their manifests; `destination` must be inside it. */
  'backup.list': channel<BackupListResult>()(z.object({ destination: z.string().max(4096).optional() }).strict()),
  /** Chooses the backup folder (audited; "" goes back to the default) and lists it; create, list and verify stay inside it. */
  'backup.setFolder': channel<BackupListResult>()(z.object({ folder: z.string().max(4096) }).strict()),
  /** A new backup in the chosen backup folder (`destination` must be inside it; register at one instant, photos, descriptors, manifest; no secrets); progress as `progress` events, task "backup". */
  'backup.create': channel<BackupResult>()(z.object({ destination: z.string().max(4096).optional() }).strict()),
  /** Every file of a backup hashed again against its manifest; missing and changed files named. */
  'backup.verify': channel<VerifySummary>()(z.object({ path: id }).strict()),
  // ---- end Backup ----
}

export type Contract = typeof contract
export type Channel = keyof Contract
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>
export type ChannelParsedInput<C extends Channel> = z.output<Contract[C]['input']>
export type ChannelResult<C extends Channel> = Contract[C]['result']
export const CHANNELS = Object.keys(contract) as Channel[]

export function isChannel(name: string): name is Channel {
  return Object.hasOwn(contract, name)
}

/** What a renderer can call, whatever carries it (Electron IPC, loopback HTTP, an in-memory mock). */
export interface Bridge {
  invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelResult<C>>
  subscribe(listener: (event: StationEvent) => void): () => void
  photoUrl(hash: string): string
}

/** Errors cross the bridge as data and are rebuilt on the other side. */
export interface BridgeErrorShape {
  code: string
  message: string
  field?: string
  issues: Array<{ field: string; message: string }>
}

export class BridgeError extends Error implements BridgeErrorShape {
  readonly code: string
  readonly field?: string
  readonly issues: Array<{ field: string; message: string }>
  constructor(shape: BridgeErrorShape) {
    super(shape.message)
    this.name = 'BridgeError'
    this.code = shape.code
    this.field = shape.field
    this.issues = shape.issues ?? []
  }
}

export const IPC_INVOKE = 'station:invoke'
export const IPC_EVENT = 'station:event'
export type { StationEvent }
