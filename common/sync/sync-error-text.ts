import type { Translate } from '../i18n/translator'
import type { SyncError, TargetSyncSummary } from './sync-status'

/**
 * A push's last error in the reader's language, by its message code. A state stored before errors
 * had codes holds only English: it is shown as recorded (the back end's own words when it kept
 * them), marked as such, never guessed at.
 */
export function syncErrorText(error: Pick<SyncError, 'message' | 'messageCode' | 'params' | 'remoteMessage'>, t: Translate): string {
  if (error.messageCode) return t(`error.${error.messageCode}`, error.params ?? {})
  return t('sync.errorAsRecorded', { message: error.remoteMessage ?? error.message })
}

/** Why a target is held, as the Sync card and `enroll sync` show it: worded like a push's error. */
export function heldReasonText(target: Pick<TargetSyncSummary, 'healthMessage' | 'healthCode' | 'healthParams'>, t: Translate): string {
  return syncErrorText({ message: target.healthMessage ?? '', messageCode: target.healthCode ?? undefined, params: target.healthParams ?? undefined }, t)
}
