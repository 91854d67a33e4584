/**
 * Retention of visitors' personal data: visitors whose visit ended more than the station's
 * `retention.visitorDays` ago are purged, with everything the station keeps about them.
 *
 *   const retention = new VisitorRetention(station)
 *   await retention.run({ dryRun: true, actor })   → RetentionRun: who would go, nothing changed
 *   await retention.run({ actor })                 → RetentionRun: who went
 *   const stop = retention.daily(onWarning)         the long-running shells (app, `enroll serve`)
 *   await retention.erasePerson(idOrCode, actor)   → Person: the recycle bin's purge, erased the same way
 *
 * A visit ends at `validUntil`, or when the visitor was deleted if that came first; a visitor
 * with neither (validity cleared by hand) ended their visit at their last change. Employees,
 * VIPs and blacklist entries are never purged by age.
 *
 * What a purge removes: the person record (fields, photo reference), the photo files no other
 * person uses (also earlier photos of the visitor, found through their audit entries), the face
 * descriptor (the descriptor file is compacted so its bytes go too), the personal fields of the
 * outbox's delete (it keeps the code, groups and validity a back end's delete or disable needs),
 * the values recorded in the visitor's audit entries (their when, who and action stay), and the
 * register's older copies (journal, shard .bak files: Store.eraseTraces). The step that erases the
 * records also notes the rest as owed, so a run that fails after it (a full disk, a crash) is
 * finished by the next one, whatever the setting is by then. A removal made at another desk of
 * the site erases the same here, through `eraseRemains` (the register bridge), and so does a purge
 * by hand from the recycle bin (`erasePerson`, any type of person). The audit entry of the purge
 * itself names no field. Backups made before the purge still hold the visitor until they
 * are deleted; the back ends are told through the outbox (delete, or disable where only that is
 * documented; ISDP and HYAPI document neither and show the person under "needs attention").
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Person } from '../../../common/model/person'
import type { ExpiredVisitor, RetentionRun } from '../../../common/settings/retention'
import type { Store, Transaction } from '../store/store'
import { coreError } from '../../../common/errors/core-error'
import { oweErasure, owedErasures } from '../store/erase-traces'
import type { PersonService } from './person-service'
import type { PhotoService } from '../photos/photo-service'
import type { RetentionSettingsStore } from '../settings/retention-settings'
import { DESCRIPTOR_FILE } from '../face/face-store'
import type { RegisterFaces } from '../face/register-faces'

const DAY_MS = 24 * 60 * 60 * 1000
/** Persons erased per durable step: one journal line each, small enough to keep edits flowing. */
const CHUNK = 500
/** The daily run's first pass, a while after start so that opening the app stays quick. */
const FIRST_RUN_DELAY_MS = 60 * 1000

export const PURGE_ACTION = 'retention-purge'
/** The audit action of a purge by hand from the recycle bin (and of a removal applied from the site). */
export const MANUAL_PURGE_ACTION = 'purge'
/** Who the audit trail names for the daily run: the station itself, not an operator. */
export const DAILY_ACTOR = 'station:retention'

export interface RetentionDeps {
  dataDir: string
  store: Store
  persons: PersonService
  photos: PhotoService
  settings: RetentionSettingsStore
  /** The station's face descriptors (registerFaces(station): one per data folder and process). */
  faces: () => Promise<RegisterFaces>
}

/** When a visitor's visit ended (ISO, UTC), as the retention rule counts it. */
export function visitEnd(person: Pick<Person, 'validUntil' | 'deletedAt' | 'updatedAt'>): string {
  const ends = [person.validUntil, person.deletedAt].filter((value): value is string => value !== null)
  return ends.length ? ends.reduce((a, b) => (a < b ? a : b)) : person.updatedAt
}

/** The outbox's copy for a back end's delete: the keys and what decides the op, nothing personal. */
export function withoutPersonalFields(person: Person): Person {
  return {
    ...person,
    name: '-',
    gender: 'unknown',
    phone: null,
    email: null,
    certificate: null,
    company: '',
    department: '',
    position: '',
    note: '',
    photo: null,
    reason: '',
  }
}

/** In the step that erases persons: their photos, descriptors and older copies are owed until `eraseRemains` is done. */
export function owePersonsErasure(tx: Transaction, persons: ReadonlyArray<Pick<Person, 'id'>>): void {
  oweErasure(tx, persons.map((person) => ({ collection: 'persons' as const, id: person.id })))
}

/** Persons erased whose photos, descriptors or older copies an earlier erasure could not finish. */
function owedPersons(store: Store): string[] {
  return owedErasures(store).flatMap((record) => (record.collection === 'persons' ? [record.id] : []))
}

function listed(person: Person): ExpiredVisitor {
  return { id: person.id, code: person.code, name: person.name, visitEnd: visitEnd(person) }
}

export class VisitorRetention {
  private running: Promise<RetentionRun> | null = null

  constructor(
    private readonly deps: RetentionDeps,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The station setting: days after a visit's end, or null to keep visitors. */
  get settings(): RetentionSettingsStore {
    return this.deps.settings
  }

  /** Visitors whose visit ended before the cutoff, oldest first. */
  expired(cutoffIso: string): Person[] {
    const expired: Person[] = []
    for (const person of this.deps.store.values<Person>('persons')) {
      if (person.type === 'visitor' && visitEnd(person) < cutoffIso) expired.push(person)
    }
    return expired.sort((a, b) => visitEnd(a).localeCompare(visitEnd(b)))
  }

  /** One run at a time: a second caller shares the running one. */
  run(options: { dryRun?: boolean; actor: string }): Promise<RetentionRun> {
    if (options.dryRun) return this.purge(true, options.actor)
    this.running ??= this.purge(false, options.actor).finally(() => {
      this.running = null
    })
    return this.running
  }

  /** Runs a minute after start and then every day; returns the function that stops it. */
  daily(onWarning: (message: string) => void, actor = DAILY_ACTOR): () => void {
    let timer: NodeJS.Timeout
    const pass = () => {
      this.run({ actor })
        .catch((error: Error) => onWarning(`The daily purge of expired visitors failed (it is tried again tomorrow): ${error.message}`))
        .finally(() => {
          timer = setTimeout(pass, DAY_MS)
          timer.unref()
        })
    }
    timer = setTimeout(pass, FIRST_RUN_DELAY_MS)
    timer.unref()
    return () => clearTimeout(timer)
  }

  private async purge(dryRun: boolean, actor: string): Promise<RetentionRun> {
    const { visitorDays } = this.deps.settings.get()
    // visitors erased by a run that failed before their photos, faces and older copies were gone
    const unfinished = dryRun ? [] : owedPersons(this.deps.store)
    if (visitorDays === null) {
      if (unfinished.length) await this.eraseRemains([])
      return { dryRun, visitorDays, cutoff: null, visitors: [], photos: 0 }
    }
    const cutoff = new Date(this.now().getTime() - visitorDays * DAY_MS).toISOString()
    const expired = this.expired(cutoff)
    if (dryRun || (expired.length === 0 && unfinished.length === 0)) {
      const photos = await this.photosOnlyTheyUse(expired, new Set(expired.map((person) => person.id)))
      return { dryRun, visitorDays, cutoff, visitors: expired.map(listed), photos: photos.length }
    }

    // a visit extended since the list was made is no longer due: the step checks again
    const stillDue = (person: Person) => person.type === 'visitor' && visitEnd(person) < cutoff
    const { erased, photos } = await this.eraseForGood(
      expired.map((person) => person.id),
      actor,
      PURGE_ACTION,
      stillDue,
    )
    return { dryRun, visitorDays, cutoff, visitors: erased.map(listed), photos }
  }

  /**
   * The recycle bin's "delete permanently" (`person.purge`, `enroll person purge`): one person,
   * of any type, erased as thoroughly as the retention run erases visitors. Refused as
   * `person.already_purged` when someone else purged them first.
   */
  async erasePerson(idOrCode: string, actor: string): Promise<Person> {
    const person = this.deps.persons.require(idOrCode)
    const [erased] = (await this.eraseForGood([person.id], actor, MANUAL_PURGE_ACTION)).erased
    if (!erased) throw coreError('not_found', 'person.already_purged', { code: person.code }, { field: 'person' })
    return erased
  }

  /**
   * Erases persons for good: the records go in durable steps whose audit entries name the action
   * only, the outbox keeps a tombstone for the back ends' delete, and the same steps note the
   * remains as owed; then the remains go (`eraseRemains`). Persons already gone, or no longer
   * `stillDue`, are skipped.
   */
  private async eraseForGood(ids: readonly string[], actor: string, action: string, stillDue?: (person: Person) => boolean): Promise<{ erased: Person[]; photos: number }> {
    const erased: Person[] = []
    for (let start = 0; start < ids.length; start += CHUNK) {
      const chunk = ids.slice(start, start + CHUNK)
      erased.push(...(await this.deps.persons.erase(chunk, actor, action, withoutPersonalFields, stillDue, owePersonsErasure)))
    }
    return { erased, photos: await this.eraseRemains(erased) }
  }

  /**
   * What is left of persons already erased from the register, by a purge here or by a removal
   * made at another desk of the site and applied here (the register bridge): their photo files
   * nobody else uses, their face descriptors and the register's older copies go, and so does
   * whatever an earlier erasure still owes. The step that erased them must have noted them
   * (`owePersonsErasure`), so that a failure here is finished by the next call. Returns how many
   * photo files went.
   */
  async eraseRemains(erased: Person[]): Promise<number> {
    const ids = new Set([...owedPersons(this.deps.store), ...erased.map((person) => person.id)])
    // after the erasure, so that a photo given to someone meanwhile is kept
    const photos = await this.photosOnlyTheyUse(erased, ids)
    for (const hash of photos) await this.deps.photos.remove(hash)
    await this.forgetDescriptors([...ids])
    // also finishes the copies owed for persons an earlier erasure left unfinished
    await this.deps.store.eraseTraces(erased.map((person) => ({ collection: 'persons' as const, id: person.id })))
    return photos.length
  }

  /** The photo files of these persons (now and before, from their audit entries) that nobody else uses. */
  private async photosOnlyTheyUse(persons: Person[], ids: ReadonlySet<string>): Promise<string[]> {
    const theirs = new Set<string>()
    for (const person of persons) if (person.photo) theirs.add(person.photo.hash)
    if (ids.size === 0) return []
    // one pass over the audit trail for everyone, rather than a shard read per visitor
    const photoChanges = await this.deps.store.auditEntries((entry) => entry.entity === 'person' && ids.has(entry.entityId) && entry.changes?.photo !== undefined)
    for (const entry of photoChanges) {
      for (const value of entry.changes!.photo) {
        const hash = (value as { hash?: unknown } | null)?.hash
        if (typeof hash === 'string') theirs.add(hash)
      }
    }
    for (const person of this.deps.store.values<Person>('persons')) {
      if (!ids.has(person.id) && person.photo) theirs.delete(person.photo.hash)
    }
    return [...theirs]
  }

  /** Their face descriptors leave the index, and the descriptor file is rewritten without their bytes. */
  private async forgetDescriptors(ids: string[]): Promise<void> {
    if (ids.length === 0 || !existsSync(join(this.deps.dataDir, DESCRIPTOR_FILE))) return
    const faces = await this.deps.faces()
    for (const id of ids) await faces.store.remove(id)
    await faces.store.compact()
  }
}
