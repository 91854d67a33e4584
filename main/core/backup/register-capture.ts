import { copyFileSync, linkSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Store } from '../store/store'
import { COLLECTIONS, type CollectionName } from '../store/collections'
import type { Person } from '../../../common/model/person'

/** One register file as it was at the backup's instant: a hard link (or copy) and the length that counts. */
export interface StagedFile {
  /** Path inside the data folder and the backup, with forward slashes. */
  path: string
  staged: string
  bytes: number
}

export interface RegisterCapture {
  files: StagedFile[]
  photoHashes: string[]
  counts: { persons: number; deletedPersons: number; groups: number; targets: number; photos: number }
}

/**
 * Takes the register at one instant without copying it: runs synchronously, so no transaction,
 * compaction step or journal acknowledgement of this process can happen in between. Files the
 * store replaces by rename (meta, snapshot shards, descriptors after a rewrite) are hard-linked,
 * which freezes their bytes; append-only files (journals, audit, descriptors) are linked too and
 * their length at this instant recorded, so later appends are left out. The order (meta, then
 * shards, then journals) is the one recovery needs: replaying journals newer than the meta's
 * generation over any later snapshot gives the same state.
 *
 * Call it right after `store.flush()` and `store.compact()` resolved, so the copy holds every
 * acknowledged change and the journal to replay is short.
 */
export function captureRegister(store: Store, stagingDir: string): RegisterCapture {
  const dataDir = store.dataDir
  const files: StagedFile[] = []
  const stage = (path: string) => {
    const source = join(dataDir, path)
    const staged = join(stagingDir, path)
    mkdirSync(dirname(staged), { recursive: true })
    try {
      linkSync(source, staged)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOENT') return
      // file systems without hard links (FAT, some network shares): a copy, still inside the instant
      copyFileSync(source, staged)
    }
    files.push({ path, staged, bytes: statSync(staged).size })
  }
  const list = (dir: string, pattern: RegExp) => {
    try {
      return readdirSync(join(dataDir, dir)).filter((name) => pattern.test(name)).sort()
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw error
    }
  }

  stage('register/meta.json')
  for (const name of Object.keys(COLLECTIONS) as CollectionName[]) {
    for (const file of list(`register/${name}`, /^\d+\.json$/)) stage(`register/${name}/${file}`)
  }
  for (const file of list('register', /^journal-\d+\.log$/)) stage(`register/${file}`)
  for (const file of list('audit', /^\d+\.jsonl$/)) stage(`audit/${file}`)
  stage('faces/descriptors.bin')
  stage('sync-history.json')

  const photoHashes = new Set<string>()
  let persons = 0
  let deletedPersons = 0
  for (const person of store.values<Person>('persons')) {
    if (person.deletedAt) deletedPersons++
    else persons++
    if (person.photo?.hash) photoHashes.add(person.photo.hash)
  }
  return {
    files,
    photoHashes: [...photoHashes].sort(),
    counts: { persons, deletedPersons, groups: store.count('groups'), targets: store.count('targets'), photos: photoHashes.size },
  }
}
