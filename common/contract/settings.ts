import { z } from 'zod'
import { SettingsSetInputSchema, type CaptureSettings } from '../settings/capture-settings'
import { SecuritySettingsPatchSchema, type SecuritySettings } from '../operators/operator-types'
import { RetentionPatchSchema, type RetentionSettings } from '../settings/retention'
import { channel } from './channel'

type StationSettingsView = { capture: CaptureSettings; security: SecuritySettings; retention: RetentionSettings }

/** Station settings kept in the register: the quality gate's limits (live camera, photo files, CSV imports), the idle lock and the lock-out after wrong passwords. */
export const settingsChannels = {
  'settings.get': channel<StationSettingsView>()(z.object({}).strict()),
  /** Each part is optional: what is left out stays as it is. */
  'settings.set': channel<StationSettingsView>()(
    SettingsSetInputSchema.extend({ capture: SettingsSetInputSchema.shape.capture.optional(), security: SecuritySettingsPatchSchema.optional(), retention: RetentionPatchSchema.optional() }),
  ),
}
