import { englishText } from '../../../common/errors/core-error'
import type { ErrorParams, MessageCode } from '../../../common/errors/message-codes'
import type { FailureKind, FailureReason, TestSummary } from './types'

/** A connector's failure or test outcome by message code, the back end's own words kept as a parameter. */
export interface ConnectorWording {
  messageCode: MessageCode
  params: ErrorParams
}

/**
 * The one place a back end's "no" gets its message code: by what the connector made of it (kind,
 * reason) and the HTTP status. `said` is the back end's own message with its code, verbatim.
 */
export function refusalWording(label: string, kind: FailureKind, reason: FailureReason | undefined, status: number | undefined, said: string): ConnectorWording {
  const remote = { target: label, remote: said }
  if (reason === 'credentials' || kind === 'reauth') return { messageCode: 'connector.credentials_refused', params: remote }
  if (kind === 'retry') return status !== undefined ? { messageCode: 'connector.http_status', params: { ...remote, status: String(status) } } : { messageCode: 'connector.busy', params: remote }
  if (reason === 'not_found') return { messageCode: 'connector.not_found', params: remote }
  if (reason === 'already_exists') return { messageCode: 'connector.already_exists', params: remote }
  return { messageCode: 'connector.refused', params: remote }
}

/** A passed test by its message code; its English line is the catalogue's. */
export function testSummary(messageCode: MessageCode, params: ErrorParams): TestSummary {
  return { message: englishText(messageCode, params), messageCode, params }
}
