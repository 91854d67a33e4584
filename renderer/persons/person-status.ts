import type { Person } from '../../main/core/model/person'
import type { MessageKey } from '../i18n'
import { isExpired } from '../shared/dates'

export type PersonStatus = 'deleted' | 'disabled' | 'expired' | 'active'

/** What the status column and the detail header say, in order of what matters most at a door. */
export function personStatus(person: Person, now = Date.now()): PersonStatus {
  if (person.deletedAt) return 'deleted'
  if (!person.enabled) return 'disabled'
  if (isExpired(person.validUntil, now)) return 'expired'
  return 'active'
}

export const STATUS_LABEL: Record<PersonStatus, MessageKey> = {
  deleted: 'status.deleted',
  disabled: 'status.disabled',
  expired: 'status.expired',
  active: 'status.active',
}
