import { z } from 'zod'
import { SettingsSetInputSchema, type CaptureSettings } from '../settings/capture-settings'
import { channel } from './channel'

/** Station settings kept in the register: the quality gate's limits (live camera, photo files, CSV imports). */
export const settingsChannels = {
  'settings.get': channel<{ capture: CaptureSettings }>()(z.object({}).strict()),
  'settings.set': channel<{ capture: CaptureSettings }>()(SettingsSetInputSchema),
}
