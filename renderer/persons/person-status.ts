import type { Person } from '../../common/model/person'
import type { MessageKey } from '../i18n'
import { isExpired } from '../shared/dates'

export type PersonStatus = 'deleted' | 'disabled' | 'expired' | 'blacklisted' | 'active'

/** What the status column and the detail header say, in order of what matters most at a door. */
export function personStatus(person: Person, now = Date.now()): PersonStatus {
  if (person.deletedAt) return 'deleted'
  if (!person.enabled) return 'disabled'
  if (isExpired(person.validUntil, now)) return 'expired'
  // "active" in green would read as "may enter"; a blacklist entry in force says so in red
  if (person.type === 'blacklist') return 'blacklisted'
  return 'active'
}

export const STATUS_LABEL: Record<PersonStatus, MessageKey> = {
  deleted: 'status.deleted',
  disabled: 'status.disabled',
  expired: 'status.expired',
  blacklisted: 'status.blacklisted',
  active: 'status.active',
}
