import { readFile, rename } from 'node:fs/promises'
import { join } from 'node:path'
import type { Migration } from './index'

/**
 * 001: registers kept by the first prototypes were one lowdb file, `<data>/db.json`, holding
 * `{ persons: [...], groups: [...] }` with `personCode`/`personName` field names. Move them into
 * the sharded register and keep the old file as `db.json.migrated` (never delete a user's data).
 */
export const importLegacySingleFile: Migration = {
  version: 1,
  name: 'import legacy single-file lowdb register',
  async up({ dataDir, collections, warn }) {
    const legacyPath = join(dataDir, 'db.json')
    let text: string
    try {
      text = await readFile(legacyPath, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
      throw error
    }
    const legacy = JSON.parse(text) as { persons?: LegacyPerson[]; groups?: LegacyGroup[] }
    const persons = collections.get('persons')!
    const groups = collections.get('groups')!
    const now = new Date().toISOString()
    for (const group of legacy.groups ?? []) {
      if (groups.has(group.id)) continue
      groups.set(group.id, { id: group.id, name: group.name, description: group.description ?? '', createdAt: now, updatedAt: now, version: 1 })
    }
    for (const old of legacy.persons ?? []) {
      if (persons.has(old.id)) continue
      persons.set(old.id, {
        id: old.id,
        code: old.personCode,
        name: old.personName,
        type: old.personType ?? 'employee',
        gender: old.gender ?? 'unknown',
        phone: old.phone ?? null,
        email: null,
        certificate: null,
        company: '',
        department: old.department ?? '',
        position: '',
        note: '',
        groups: (old.groups ?? []).filter((id) => groups.has(id)),
        validFrom: null,
        validUntil: null,
        enabled: old.enabled ?? true,
        photo: null,
        // migration 002 turns a data URL into a photo file; keep it where 002 looks for it
        ...(old.photo ? { legacyPhotoDataUrl: old.photo } : {}),
        reason: '',
        createdAt: old.createdAt ?? now,
        createdBy: 'migration',
        updatedAt: now,
        updatedBy: 'migration',
        version: 1,
        deletedAt: null,
      })
    }
    await rename(legacyPath, `${legacyPath}.migrated`)
    warn(`Imported ${legacy.persons?.length ?? 0} persons and ${legacy.groups?.length ?? 0} groups from the old single-file register (kept as db.json.migrated).`)
  },
}

interface LegacyPerson {
  id: string
  personCode: string
  personName: string
  personType?: string
  gender?: string
  phone?: string
  department?: string
  groups?: string[]
  enabled?: boolean
  photo?: string
  createdAt?: string
}

interface LegacyGroup {
  id: string
  name: string
  description?: string
}
