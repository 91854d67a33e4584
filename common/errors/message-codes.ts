/**
 * Why the core refused, one name per wording: the catalogues hold each one's text under
 * `error.<code>` (English is also the core's own message, for logs and the CLI's JSON). A refusal
 * with no message code yet is shown as the core's English text (the page's `tm` fallback in renderer/i18n/core-messages.ts, the CLI as written).
 */
export const MESSAGE_CODES = [
  // a field refused by a schema (fromZodError maps zod's issues onto these)
  'field.required',
  'field.too_long',
  'field.too_many_groups',
  'field.below_min',
  'field.above_max',
  'field.not_number',
  'field.unknown_keys',
  'field.invalid_email',
  'field.invalid_datetime',
  'field.person_code_format',
  'field.phone_format',
  'field.phone_input_format',
  'field.id_card_check_digit',
  'field.group_id_format',
  'field.reserved_id',
  // persons
  'person.not_found',
  'person.gone',
  'person.already_deleted',
  'person.not_deleted',
  'person.code_taken',
  'person.work_number_required',
  'person.unknown_groups',
  'person.valid_until_before_from',
  'person.blacklist_reason_required',
  // groups
  'group.not_found',
  'group.gone',
  'group.id_taken',
  'group.name_taken',
  'group.in_use',
  // saving a photo
  'photo.disk_full',
  'photo.save_failed',
  // writing the register
  'store.disk_full',
  'store.write_failed',
  'store.disk_full_on_open',
  // the contract itself
  'channel.unknown',
  // site mode
  'site.already_joined',
  'site.not_joined',
  'site.url_invalid',
  'site.refused',
  'site.unreachable',
] as const

export type MessageCode = (typeof MESSAGE_CODES)[number]
export type ErrorParams = Record<string, string | number>

/** A refusal's code and values as a report carries them beside its English message (absent when it has none). */
export interface CodedMessage {
  messageCode?: MessageCode
  params?: ErrorParams
}
