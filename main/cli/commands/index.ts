import type { CliCommand } from '../command'
import { personCommand } from './person'
import { groupCommand } from './group'
import { importCommand, exportCommand } from './csv'
import { serveCommand } from './serve'
import { targetCommand } from './target'
import { syncCommand } from './sync'
import { backupCommand, restoreCommand } from './backup'
import { purgeExpiredCommand } from './retention'
import { operatorCommand } from './operator'
import { auditCommand } from './audit'
import { siteCommand } from './site'

export const commands: CliCommand[] = [personCommand, groupCommand, importCommand, exportCommand, targetCommand, syncCommand, serveCommand, purgeExpiredCommand, backupCommand, restoreCommand, operatorCommand, auditCommand, siteCommand]
