import type { StateCreator } from 'zustand'
import type { StationState } from '../store'
import type { Group } from '../../common/model/group'
import { getBridge } from '../store/bridge-holder'

export type GroupWithMembers = Group & { members: number }

export interface GroupsSlice {
  groups: GroupWithMembers[]
  groupsLoaded: boolean
  loadGroups(): Promise<void>
}

export const createGroupsSlice: StateCreator<StationState, [], [], GroupsSlice> = (set) => ({
  groups: [],
  groupsLoaded: false,
  async loadGroups() {
    set({ groups: await getBridge().invoke('group.list', {}), groupsLoaded: true })
  },
})

export function groupNames(groups: GroupWithMembers[], ids: string[]): string {
  return ids.map((id) => groups.find((group) => group.id === id)?.name ?? id).join(', ')
}
