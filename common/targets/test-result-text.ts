import { errorText } from '../i18n/error-text'
import type { Translate } from '../i18n/translator'
import type { TargetTestResult } from './target-view'

/**
 * The detail line of a connection test in the reader's language: what the back end answered, or
 * why the test failed, by message code (the back end's own words are among its values). A result
 * without a code (a back end added from outside, with no catalogue entry) is shown as it came.
 */
export function testResultDetail(result: TargetTestResult, t: Translate): string {
  if (result.ok) return result.messageCode ? t(`error.${result.messageCode}`, result.params ?? {}) : result.message
  return result.failure?.messageCode ? errorText(result.failure, t) : result.message
}
