import type { Channel } from '../contract'
import type { PersonType } from '../model/person'

/**
 * Who may do what at a desk: the one rule table. The core enforces it in `dispatch` for every
 * caller (Electron window, loopback host, CLI); the UI reads the same table through `can` to hide
 * what a role may not do. Roles are ordered: each one may do everything the one before it may.
 */
export const ROLES = ['reception', 'security', 'administrator'] as const
export type Role = (typeof ROLES)[number]

/**
 * How a channel is guarded: `public` (also signed out: app.info, session.*), a minimum role, or
 * `by_person`: a signed-in operator whose role may write persons of that type (the core looks at
 * the person's type, before and after the change).
 */
export type ChannelRule = 'public' | 'by_person' | Role

export const CHANNEL_RULES = {
  'app.info': 'public',

  'session.status': 'public',
  'session.setUp': 'public',
  'session.signIn': 'public',
  'session.signOut': 'public',
  'session.lock': 'public',

  'person.add': 'by_person',
  'person.edit': 'by_person',
  'person.delete': 'by_person',
  'person.restore': 'by_person',
  'person.purge': 'by_person',
  'person.setPhoto': 'by_person',
  'person.removePhoto': 'by_person',
  'person.bulk': 'by_person',
  // reading: every role; blacklist reasons and notes are left out for roles without `blacklist.details`
  'person.show': 'reception',
  'person.list': 'reception',
  'person.history': 'reception',
  /** The enrollment form's check of a typed name, phone or certificate number against the blacklist (an alert, no reasons). */
  'blacklist.matchFields': 'reception',

  'csv.import': 'administrator',
  'csv.export': 'administrator',

  'group.list': 'reception',
  'group.add': 'administrator',
  'group.edit': 'administrator',
  'group.delete': 'administrator',

  'sync.summary': 'reception',
  'sync.status': 'reception',
  'sync.person': 'reception',
  'sync.history': 'reception',
  'sync.retry': 'security',
  'sync.now': 'security',
  'sync.all': 'administrator',
  'sync.pause': 'administrator',
  'sync.limits': 'administrator',

  'face.prepare': 'reception',
  'face.prepareFile': 'reception',
  'face.status': 'reception',

  'target.list': 'administrator',
  'target.kinds': 'administrator',
  'target.add': 'administrator',
  'target.edit': 'administrator',
  'target.test': 'administrator',
  'target.mapGroup': 'administrator',
  'target.link': 'administrator',
  'target.remove': 'administrator',

  'settings.get': 'reception',
  'settings.set': 'administrator',
  // erasing visitors for good (or listing who would go) is the administrator's, like backups
  'retention.purgeExpired': 'administrator',

  'backup.list': 'administrator',
  'backup.setFolder': 'administrator',
  'backup.create': 'administrator',
  'backup.verify': 'administrator',

  // site mode: anyone sees the connection; joining or leaving a site changes where the register lives
  'site.status': 'public',
  'site.join': 'administrator',
  'site.leave': 'administrator',
  'site.compactHub': 'administrator',

  'operator.list': 'administrator',
  'operator.add': 'administrator',
  'operator.edit': 'administrator',

  'audit.list': 'security',
  'audit.export': 'administrator',
} as const satisfies Record<string, ChannelRule>

/** A channel of the contract with no rule here is a compile error naming it (and refused to everyone at run time). */
type ChannelsWithoutRule = Exclude<Channel, keyof typeof CHANNEL_RULES>
export const EVERY_CHANNEL_HAS_A_RULE: [ChannelsWithoutRule] extends [never] ? true : ChannelsWithoutRule = true

/** The least role that may add, edit, delete or restore a person of each type. */
export const PERSON_WRITE_ROLE: Record<PersonType, Role> = {
  visitor: 'reception',
  blacklist: 'security',
  employee: 'administrator',
  vip: 'administrator',
}

/** Named permissions beside the channels, for what a channel's rule alone does not say. */
export const PERMISSION_ROLE = {
  /** See blacklist entries' reasons and notes (reception sees the entries as alerts only). */
  'blacklist.details': 'security',
  'person.write.visitor': PERSON_WRITE_ROLE.visitor,
  'person.write.blacklist': PERSON_WRITE_ROLE.blacklist,
  'person.write.employee': PERSON_WRITE_ROLE.employee,
  'person.write.vip': PERSON_WRITE_ROLE.vip,
} as const satisfies Record<string, Role>

export type NamedPermission = keyof typeof PERMISSION_ROLE
export type Permission = Channel | NamedPermission

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

/** True when `role` is `least` or above it. */
export function atLeast(role: Role, least: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(least)
}

/** May an operator of this role write a person of this type. */
export function canWritePerson(role: Role | null, type: PersonType): boolean {
  return role !== null && atLeast(role, PERSON_WRITE_ROLE[type])
}

/**
 * What the UI asks before showing a control: a channel (a `by_person` channel is allowed when the
 * role may write some type of person; the core still checks the very person) or a named permission.
 * `null` is signed out: only public channels.
 */
export function can(role: Role | null, permission: Permission): boolean {
  const rule: ChannelRule | undefined = Object.hasOwn(CHANNEL_RULES, permission)
    ? CHANNEL_RULES[permission as keyof typeof CHANNEL_RULES]
    : Object.hasOwn(PERMISSION_ROLE, permission)
      ? PERMISSION_ROLE[permission as NamedPermission]
      : undefined
  if (rule === undefined) return false
  if (rule === 'public') return true
  if (role === null) return false
  if (rule === 'by_person') return Object.values(PERSON_WRITE_ROLE).some((least) => atLeast(role, least))
  return atLeast(role, rule)
}
