import { z } from 'zod'
import { fromZodError } from '../core/model/errors'
import { toBridgeError, type DispatchResult } from '../core/api/handlers'
import { DesktopSettingsPatchSchema, type DesktopSettings } from './desktop-settings'
import type { CaptureCheck } from './capture/webcam-still'

/**
 * What only the desktop app offers, beside the core's contract: this PC's window settings and
 * the main-process still camera. Same envelope, same validation, same single IPC entry point;
 * the loopback host and the CLI simply do not have these channels.
 */
export const desktopContract = {
  'desktop.settings': z.object({}).strict(),
  'desktop.updateSettings': DesktopSettingsPatchSchema,
  /** Whether the still command is installed, with a message for the Settings page. */
  'desktop.captureCheck': z.object({}).strict(),
  /** One JPEG from the still command, as base64 (the renderer sends it on as a person's photo). */
  'desktop.captureStill': z.object({}).strict(),
}

export type DesktopChannel = keyof typeof desktopContract
export const DESKTOP_CHANNELS = Object.keys(desktopContract) as DesktopChannel[]

export interface DesktopResults {
  'desktop.settings': DesktopSettings
  'desktop.updateSettings': DesktopSettings
  'desktop.captureCheck': CaptureCheck
  'desktop.captureStill': { base64: string; bytes: number }
}

export type DesktopHandlers = {
  [C in DesktopChannel]: (input: z.output<(typeof desktopContract)[C]>) => Promise<DesktopResults[C]> | DesktopResults[C]
}

export function isDesktopChannel(name: unknown): name is DesktopChannel {
  return typeof name === 'string' && Object.hasOwn(desktopContract, name)
}

/** Like the core's dispatch: validates first, never throws, errors cross as data. */
export async function dispatchDesktop(handlers: DesktopHandlers, channel: DesktopChannel, rawInput: unknown): Promise<DispatchResult> {
  try {
    const parsed = desktopContract[channel].safeParse(rawInput ?? {})
    if (!parsed.success) throw fromZodError(parsed.error)
    const handler = handlers[channel] as (input: unknown) => unknown
    return { ok: true, result: await handler(parsed.data) }
  } catch (error) {
    return { ok: false, error: toBridgeError(error) }
  }
}
