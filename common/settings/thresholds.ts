/**
 * The quality gate's limits as a station setting. PURE (zod and quality.ts only): the contract
 * imports it.
 *
 *   parseThresholds(input) → QualityThresholds      refuses a bad value naming it ("thresholds.maxYaw: must be at most 90")
 *   thresholdOverrides(thresholds) → Partial<…>     only what differs from the documented defaults
 *   thresholdsFrom(overrides) → QualityThresholds   stored overrides over today's defaults
 */
import { z } from 'zod'
import { codedIssue, issuesError, messageCodeOfZodIssue, type FieldIssue } from '../errors/core-error'
import { DEFAULT_QUALITY_THRESHOLDS, QualityThresholdsSchema, type QualityThresholds } from '../face/quality'

export type ThresholdName = keyof QualityThresholds
export const THRESHOLD_NAMES = Object.keys(QualityThresholdsSchema.shape) as ThresholdName[]

const FIELD = 'thresholds'

/** The schema's own limits in plain words; zod's defaults ("Too big: expected number to be <=90") read like a stack trace. */
function message(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'too_small') return `must be at least ${issue.minimum}`
  if (issue.code === 'too_big') return `must be at most ${issue.maximum}`
  if (issue.code === 'invalid_type') return issue.input === undefined || issue.input === null ? 'is required' : 'must be a number'
  return undefined
}

/**
 * Every measure, missing ones at their default. Unknown names are refused (a typo would otherwise
 * be silently ignored), and so is a brightness window that lets nothing through.
 */
export function parseThresholds(input: unknown): QualityThresholds {
  const parsed = QualityThresholdsSchema.strict().safeParse(input ?? {}, { error: message })
  const issues: FieldIssue[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        if (issue.code === 'unrecognized_keys') return codedIssue(FIELD, 'field.unknown_measures', { names: issue.keys.join(', ') })
        const field = [FIELD, ...issue.path.map(String)].join('.')
        const coded = messageCodeOfZodIssue(issue)
        return coded ? codedIssue(field, coded.messageCode, coded.params) : { field, message: issue.message }
      })
  if (parsed.success && parsed.data.maxBrightness <= parsed.data.minBrightness) {
    issues.push(codedIssue(`${FIELD}.maxBrightness`, 'settings.brightness_order', { min: String(parsed.data.minBrightness) }))
  }
  if (issues.length > 0) throw issuesError(issues)
  return parsed.data!
}

export function thresholdOverrides(thresholds: QualityThresholds): Partial<QualityThresholds> {
  return Object.fromEntries(THRESHOLD_NAMES.filter((name) => thresholds[name] !== DEFAULT_QUALITY_THRESHOLDS[name]).map((name) => [name, thresholds[name]]))
}

/**
 * Overrides saved by an earlier version are read one by one: a value a newer schema no longer
 * accepts (or a measure it dropped) falls back to today's default instead of disabling the gate.
 */
export function thresholdsFrom(overrides: Record<string, unknown> | undefined): QualityThresholds {
  const thresholds = { ...DEFAULT_QUALITY_THRESHOLDS }
  for (const name of THRESHOLD_NAMES) {
    const value = QualityThresholdsSchema.shape[name].safeParse(overrides?.[name])
    if (value.success && overrides?.[name] !== undefined) thresholds[name] = value.data
  }
  return thresholds.maxBrightness > thresholds.minBrightness ? thresholds : { ...thresholds, minBrightness: DEFAULT_QUALITY_THRESHOLDS.minBrightness, maxBrightness: DEFAULT_QUALITY_THRESHOLDS.maxBrightness }
}
