/**
 * Everything the capture view says, from the catalogues (common/i18n, keys `capture.<key>`). The
 * guidance is keyed by the quality gate's codes (GUIDANCE_CODES in common/face/quality.ts), whose
 * English is the core's own wording; test/core/i18n-catalogues.test.ts checks both languages.
 */
import type { GuidanceCode } from '../../common/face/quality'
import type { MessageKey } from '../../common/i18n/en'
import { sharedTranslator } from '../../common/i18n/translator'
import type { Language } from '../i18n/language'
import type { CameraProblemKind } from './camera'

type UiKey =
  | 'loading'
  | 'starting'
  | 'camera'
  | 'capture'
  | 'processing'
  | 'retry'
  | 'retake'
  | 'usePhoto'
  | 'engine'
  | 'fps'
  | 'quality'
  | 'portraitAlt'
  | 'videoLabel'
  | 'captureFailed'
  | 'engineFailed'
  | 'blacklistTitle'
  | 'blacklistReason'
  | 'blacklistNoReason'
  | 'matchTitle'
  | 'matchPerson'
  | 'distance'
  | 'ready'

export type CaptureMessageKey = GuidanceCode | `camera.${CameraProblemKind}` | UiKey

export function captureText(language: Language, key: CaptureMessageKey, values: Record<string, string | number> = {}): string {
  return sharedTranslator(language)(`capture.${key}` satisfies MessageKey, values)
}
