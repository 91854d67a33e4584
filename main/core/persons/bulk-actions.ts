/**
 * One action over many selected persons (the desk's multi-select, `person.bulk`).
 *
 *   applyBulkAction(persons, groups, { ids, action, groups? }, actor) → { updated, failed }
 *
 * Delete and restore go one by one through the same rules as a single delete/restore, so one
 * refusal spares the rest and is reported with its reason. Group and enable changes are one
 * transaction; a person already in the wanted state (or in the recycle bin) is left untouched.
 */
import { codedMessageOf, coreError, isCoreError } from '../../../common/errors/core-error'
import type { GroupService } from '../groups/group-service'
import type { PersonService } from './person-service'
import { BULK_ACTIONS, type BulkAction, type BulkOutcome } from '../../../common/persons/bulk-actions'

export { BULK_ACTIONS, type BulkAction, type BulkOutcome }

export async function applyBulkAction(
  persons: PersonService,
  groups: GroupService,
  request: { ids: string[]; action: BulkAction; groups?: string[] },
  actor: string,
): Promise<BulkOutcome> {
  const { ids, action } = request
  if (action === 'delete' || action === 'restore') {
    const failed: BulkOutcome['failed'] = []
    for (const personId of ids) {
      try {
        await (action === 'delete' ? persons.delete(personId, actor) : persons.restore(personId, actor))
      } catch (error) {
        if (!isCoreError(error)) throw error
        failed.push({ id: personId, message: error.message, field: error.field, ...codedMessageOf(error) })
      }
    }
    return { updated: ids.length - failed.length, failed }
  }
  if (action === 'addGroups' || action === 'removeGroups') {
    const groupIds = request.groups ?? []
    if (groupIds.length === 0) throw coreError('invalid', 'bulk.no_groups', {}, { field: 'groups' })
    const wanted = groupIds.map((groupId) => groups.require(groupId).id)
    const updated = await persons.bulk(ids, actor, action === 'addGroups' ? 'add-groups' : 'remove-groups', (person) => {
      if (person.deletedAt) return null
      const next = action === 'addGroups' ? [...new Set([...person.groups, ...wanted])] : person.groups.filter((g) => !wanted.includes(g))
      return next.length === person.groups.length && next.every((g, i) => g === person.groups[i]) ? null : { ...person, groups: next }
    })
    return { updated: updated.length, failed: [] }
  }
  const enabled = action === 'enable'
  const updated = await persons.bulk(ids, actor, enabled ? 'enable' : 'disable', (person) => (person.deletedAt || person.enabled === enabled ? null : { ...person, enabled }))
  return { updated: updated.length, failed: [] }
}
