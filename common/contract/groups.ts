import { z } from 'zod'
import { GroupInputSchema, GroupPatchSchema, type Group } from '../model/group'
import { channel, id } from './channel'

export const groupChannels = {
  'group.list': channel<Array<Group & { members: number }>>()(z.object({}).strict()),
  'group.add': channel<Group>()(GroupInputSchema),
  'group.edit': channel<Group>()(z.object({ id, patch: GroupPatchSchema }).strict()),
  'group.delete': channel<{ group: Group; detached: number }>()(z.object({ id, detach: z.boolean().optional() }).strict()),
}
