import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ensurePrivateDirectory, writeFileDurably } from '../store/durable-file'
import type { SiteStatus } from '../../../common/site/site-status'
import { siteDir } from './site-config'

/**
 * The running desk's site status in `<data>/site/status.json`, so a command that only reads
 * (`enroll site status` beside the app) can show it. Written at most every second.
 */
export class SiteStatusFile {
  private timer: NodeJS.Timeout | null = null
  private next: (() => SiteStatus) | null = null
  private writing: Promise<void> = Promise.resolve()

  constructor(private readonly dataDir: string) {}

  schedule(status: () => SiteStatus): void {
    this.next = status
    if (this.timer) return
    this.timer = setTimeout(() => {
      this.timer = null
      void this.flush()
    }, 1_000)
    this.timer.unref()
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    const next = this.next
    this.next = null
    if (next) await this.write(next())
    await this.writing
  }

  write(status: SiteStatus): Promise<void> {
    this.writing = this.writing.then(async () => {
      await ensurePrivateDirectory(siteDir(this.dataDir))
      await writeFileDurably(join(siteDir(this.dataDir), 'status.json'), `${JSON.stringify(status)}\n`)
    }).catch(() => {})
    return this.writing
  }
}

export async function readSiteStatusFile(dataDir: string): Promise<SiteStatus | null> {
  try {
    return JSON.parse(await readFile(join(siteDir(dataDir), 'status.json'), 'utf8')) as SiteStatus
  } catch {
    return null
  }
}
