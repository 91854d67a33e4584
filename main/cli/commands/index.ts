import type { CliCommand } from '../command'
import { personCommand } from './person'
import { groupCommand } from './group'
import { importCommand, exportCommand } from './csv'
import { serveCommand } from './serve'

export const commands: CliCommand[] = [personCommand, groupCommand, importCommand, exportCommand, serveCommand]
