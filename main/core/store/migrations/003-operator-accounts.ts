import type { Migration } from './index'

/**
 * 003: the register holds operator accounts (collection `operators`) and every change is checked
 * against the signed-in operator's role. No stored record changes shape; the schema version is
 * raised so that a version of the station without operators refuses this register ("written by a
 * newer version") instead of opening it with no sign-in at all and dropping the accounts at its
 * next compaction.
 */
export const operatorAccounts: Migration = {
  version: 3,
  name: 'operator accounts and roles',
  async up() {},
}
