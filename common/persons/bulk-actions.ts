import type { CodedMessage } from '../errors/message-codes'

/** What `person.bulk` can do to many selected persons at once (the core applies it: main/core/persons/bulk-actions.ts). */
export const BULK_ACTIONS = ['addGroups', 'removeGroups', 'enable', 'disable', 'delete', 'restore'] as const
export type BulkAction = (typeof BULK_ACTIONS)[number]

export interface BulkOutcome {
  updated: number
  failed: Array<{ id: string; message: string; field?: string } & CodedMessage>
}
