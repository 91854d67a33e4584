import { chmod, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { coreError } from '../../../common/errors/core-error'
import { ensureDirectory, writeFileDurably } from '../store/durable-file'

/**
 * Where targets' secrets live, apart from the register. The CLI uses the 0600 file below; the
 * desktop app provides an implementation backed by Electron safeStorage with the same interface.
 */
export interface SecretVault {
  /** The target's secrets; an empty record when it has none. */
  get(targetId: string): Promise<Record<string, string>>
  set(targetId: string, secrets: Record<string, string>): Promise<void>
  remove(targetId: string): Promise<void>
}

interface SecretsFile {
  format: 'enrollment-station-secrets'
  version: 1
  targets: Record<string, Record<string, string>>
}

export const SECRETS_FILE_NAME = 'secrets.json'

/**
 * secrets.json in the data directory, readable by its owner only (0600), replaced atomically
 * (temp file, fsync, rename, fsync of the directory) so a crash leaves the old or the new secrets.
 * Writes are serialised in this process; one station process owns a data directory.
 */
export class FileSecretVault implements SecretVault {
  readonly path: string
  private writes: Promise<unknown> = Promise.resolve()

  constructor(dataDir: string) {
    this.path = join(dataDir, SECRETS_FILE_NAME)
  }

  async get(targetId: string): Promise<Record<string, string>> {
    await this.writes.catch(() => {})
    const file = await this.read()
    return { ...(file.targets[targetId] ?? {}) }
  }

  set(targetId: string, secrets: Record<string, string>): Promise<void> {
    return this.change((targets) => {
      targets[targetId] = { ...secrets }
    })
  }

  remove(targetId: string): Promise<void> {
    return this.change((targets) => {
      delete targets[targetId]
    })
  }

  private change(edit: (targets: SecretsFile['targets']) => void): Promise<void> {
    const next = this.writes.catch(() => {}).then(async () => {
      const file = await this.read()
      edit(file.targets)
      await ensureDirectory(join(this.path, '..'))
      await writeFileDurably(this.path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 })
      // The mode given to open() is filtered by the umask; say it once more, exactly.
      await chmod(this.path, 0o600)
    })
    this.writes = next
    return next
  }

  private async read(): Promise<SecretsFile> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyFile()
      throw coreError('storage', 'secrets.unreadable', { path: this.path, detail: (error as Error).message }, { cause: error })
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch (error) {
      throw coreError('storage', 'secrets.damaged', { path: this.path }, { cause: error })
    }
    const targets = (parsed as Partial<SecretsFile>)?.targets
    if (typeof targets !== 'object' || targets === null) return emptyFile()
    return { format: 'enrollment-station-secrets', version: 1, targets: targets as SecretsFile['targets'] }
  }
}

function emptyFile(): SecretsFile {
  return { format: 'enrollment-station-secrets', version: 1, targets: {} }
}
