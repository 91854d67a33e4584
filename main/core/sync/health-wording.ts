import type { CodedMessage } from '../../../common/errors/message-codes'
import type { SyncError } from './state'

/** Why a target is held: the station's English (logs) and, where known, its message code for the page and the CLI. */
export type HealthWording = { message: string } & CodedMessage

/** A held target's reason, taken from the push that made the worker hold it. */
export function healthWording(error: SyncError): HealthWording {
  return { message: error.message, messageCode: error.messageCode, params: error.params }
}

/**
 * Fresh sign-ins refused again and again: the account or its permissions. The connector's
 * refusal names the back end and carries its own words (`target`, `remote`); both are kept.
 */
export function signInsRefused(error: SyncError, times: number): HealthWording {
  const target = String(error.params?.target ?? '')
  const remote = String(error.params?.remote ?? error.remoteMessage ?? error.message)
  return {
    message: `${error.message} (a fresh sign-in was refused ${times} times in a row)`,
    messageCode: 'sync.sign_ins_refused',
    params: { target, remote, times },
  }
}
