import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { parseOrThrow } from '../../common/errors/core-error'
import { ensureDirectory, writeFileDurably } from '../core/store/durable-file'

/**
 * Settings of this PC's station window, not of the register: they live beside Electron's own
 * files in userData, so two PCs sharing a register folder can differ (one kiosk, one desk).
 * Changed from the window's menu (View → Kiosk Mode).
 */
export const DesktopSettingsSchema = z.object({
  kiosk: z.boolean().default(false),
})

/** An update names only known settings. */
export const DesktopSettingsPatchSchema = DesktopSettingsSchema.partial().strict()
export type DesktopSettings = z.output<typeof DesktopSettingsSchema>
export type DesktopSettingsPatch = z.input<typeof DesktopSettingsPatchSchema>

export const DESKTOP_SETTINGS_FILE = 'desktop-settings.json'

export class DesktopSettingsFile {
  readonly path: string
  private current: DesktopSettings | null = null

  constructor(folder: string) {
    this.path = join(folder, DESKTOP_SETTINGS_FILE)
  }

  /**
   * A missing or damaged file gives the defaults: a settings typo must not stop the station.
   * Settings this version no longer has (the still camera's captureSource and captureDevice) are
   * dropped, and the rest kept.
   */
  async read(): Promise<DesktopSettings> {
    if (this.current) return this.current
    let raw: unknown = {}
    try {
      raw = JSON.parse(await readFile(this.path, 'utf8'))
    } catch {
      raw = {}
    }
    const parsed = DesktopSettingsSchema.safeParse(raw)
    this.current = parsed.success ? parsed.data : DesktopSettingsSchema.parse({})
    return this.current
  }

  async update(patch: unknown): Promise<DesktopSettings> {
    const changes = parseOrThrow(DesktopSettingsPatchSchema, patch)
    const next = DesktopSettingsSchema.parse({ ...(await this.read()), ...changes })
    await ensureDirectory(join(this.path, '..'))
    await writeFileDurably(this.path, `${JSON.stringify(next, null, 2)}\n`)
    this.current = next
    return next
  }
}
