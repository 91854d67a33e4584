import type { CollectionName } from '../collections'
import { importLegacySingleFile } from './001-legacy-single-file'
import { moveInlinePhotosToFiles } from './002-inline-photos-to-files'
import { operatorAccounts } from './003-operator-accounts'

/**
 * Numbered schema migrations. Each runs once, in order, on the loaded register before it is
 * used; the store then rewrites every snapshot at the new version. Add new ones at the end and
 * never edit a released one: registers in the field were migrated by the code as it was.
 */
export interface MigrationContext {
  dataDir: string
  collections: Map<CollectionName, Map<string, unknown>>
  warn(message: string): void
}

export interface Migration {
  version: number
  name: string
  up(context: MigrationContext): Promise<void>
}

export const MIGRATIONS: Migration[] = [importLegacySingleFile, moveInlinePhotosToFiles, operatorAccounts]

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length

export async function runMigrations(fromVersion: number, context: MigrationContext): Promise<void> {
  for (const migration of MIGRATIONS) {
    if (migration.version > fromVersion) await migration.up(context)
  }
}
