/**
 * Why the core refused, one name per wording: the catalogues hold each one's text under
 * `error.<code>` (English is also the core's own message, for logs and the CLI's JSON). The page
 * and the CLI word a refusal only by its code; one without a code reads as an unexpected error
 * with its raw message (test/core/error-codes.test.ts finds any throw site that has none).
 */
export const MESSAGE_CODES = [
  // a field refused by a schema (fromZodError maps zod's issues onto these)
  'field.required',
  'field.too_long',
  'field.too_many_groups',
  'field.below_min',
  'field.above_max',
  'field.not_number',
  'field.not_text',
  'field.unknown_keys',
  'field.invalid_email',
  'field.invalid_datetime',
  'field.person_code_format',
  'field.phone_format',
  'field.phone_input_format',
  'field.id_card_check_digit',
  'field.group_id_format',
  'field.reserved_id',
  'field.control_character',
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
  // operators and sessions: who is signed in, and what their role may do
  'session.signed_out',
  'session.locked',
  'session.forbidden',
  'session.forbidden_person_type',
  'session.wrong_password',
  'session.locked_out',
  'session.operator_disabled',
  'session.already_set_up',
  'session.password_needed',
  'session.not_data_owner',
  'operator.not_found',
  'operator.name_taken',
  'operator.last_administrator',
  // a field refused by a schema (more)
  'field.http_url',
  'field.not_one_of',
  'field.unknown_measures',
  'field.frame_too_large',
  'field.photo_too_large',
  'field.no_persons_selected',
  // persons (more)
  'person.already_purged',
  'person.changed_meanwhile',
  'bulk.no_groups',
  // back ends (targets)
  'target.not_found',
  'target.just_added',
  'target.changed_meanwhile',
  'target.edited_meanwhile',
  'target.name_taken',
  'target.unknown_kind',
  'field.kind_format',
  'secrets.unreadable',
  'secrets.damaged',
  'secrets.cannot_decrypt',
  'secrets.no_keychain',
  // station settings
  'settings.capture_changed_meanwhile',
  'settings.retention_changed_meanwhile',
  'settings.brightness_order',
  // photo files
  'photo.empty',
  'photo.too_large',
  'photo.input_too_large',
  'photo.unreadable',
  'photo.not_an_image',
  'photo.format_not_accepted',
  'photo.no_size',
  'photo.too_many_pixels',
  'photo.damaged',
  'photo.face_outside',
  'photo.portrait_too_big',
  'photo.no_face_in_portrait',
  'photo.eyes_too_close',
  'photo.capture_gone',
  'photo.fault',
  'photo.head_turned',
  'photo.chin_tilted',
  'photo.name_outside_folder',
  'photo.link_outside_folder',
  'photo.not_in_folder',
  // files a user names
  'file.unreadable',
  'file.not_regular',
  'file.too_large',
  'file.grew',
  'file.cannot_write',
  // CSV import
  'csv.not_utf8',
  'csv.read_as_gbk',
  'csv.unknown_columns',
  'csv.unreadable',
  'csv.empty',
  'csv.no_name_column',
  'csv.too_many_cells',
  'csv.code_repeated',
  'csv.photos_folder_missing',
  'csv.not_a_date',
  'csv.not_yes_no',
  // backups
  'backup.destination_not_absolute',
  'backup.destination_inside_data',
  'backup.cannot_write',
  'backup.outside_folder',
  'backup.already_running',
  'backup.register_unavailable',
  'backup.failed',
  'backup.not_a_backup',
  'backup.manifest_damaged',
  'backup.manifest_unreadable',
  'backup.newer_format',
  'backup.damaged',
  'backup.changed_during_restore',
  'backup.restore_failed',
  'backup.data_is_file',
  'backup.data_in_use',
  'backup.data_not_empty',
  // opening the register
  'store.lock_unreadable',
  'store.in_use',
  'store.lock_not_taken',
  'store.newer_schema',
  'store.needs_upgrade',
  'store.read_only',
  'store.closed',
  'store.file_unrecoverable',
  'store.meta_damaged',
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
