import { z } from 'zod'
import { channel } from './channel'

export interface AppInfo {
  version: string
  dataDir: string
  actor: string
  warnings: string[]
  counts: Record<'employee' | 'visitor' | 'blacklist' | 'vip' | 'deleted' | 'total', number>
}

export const appChannels = {
  'app.info': channel<AppInfo>()(z.object({}).strict()),
}
