import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { parseOrThrow } from '../core/model/errors'
import { ensureDirectory, writeFileDurably } from '../core/store/durable-file'

/**
 * Settings of this PC's station window, not of the register: they live beside Electron's own
 * files in userData, so two PCs sharing a register folder can differ (one kiosk, one desk).
 */
export const CAPTURE_SOURCES = ['browser', 'command'] as const

/**
 * A capture device as each platform's still command names it. node-webcam builds a shell
 * command line from it, so only these shapes are accepted, never free text.
 */
const DEVICE_PATTERNS: Record<string, RegExp> = {
  linux: /^\/dev\/video\d{1,3}$/,
  darwin: /^[A-Za-z0-9 ._()-]{1,80}$/,
  win32: /^\d{1,2}$/,
}

export function isValidCaptureDevice(device: string, platform: NodeJS.Platform = process.platform): boolean {
  return (DEVICE_PATTERNS[platform] ?? DEVICE_PATTERNS.linux).test(device)
}

export const DesktopSettingsSchema = z
  .object({
    kiosk: z.boolean().default(false),
    /** 'browser': the page's getUserMedia camera; 'command': stills from node-webcam in the main process. */
    captureSource: z.enum(CAPTURE_SOURCES).default('browser'),
    captureDevice: z
      .string()
      .trim()
      .refine((device) => isValidCaptureDevice(device), { message: 'is not a camera name this PC understands (Linux: /dev/videoN, Windows: a number, macOS: the camera name)' })
      .nullable()
      .default(null),
  })
  .strict()

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

  /** A missing or damaged file gives the defaults: a settings typo must not stop the station. */
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
