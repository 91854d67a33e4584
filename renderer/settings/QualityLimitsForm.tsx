import { useEffect, useState, type KeyboardEvent } from 'react'
import { useForm } from 'react-hook-form'
import { useT, type MessageKey, type Translate } from '../i18n'
import { useStation } from '../store'
import { Field } from '../shared/Field'
import { errorMessage } from '../shared/errors'
import { submitOnEnter } from '../shared/keyboard'
import { formatDateTime } from '../shared/dates'
import { placeCoreErrors } from '../shared/errors'
import { useCaptureSettings, type CaptureSettings, type QualityLimits, type ThresholdName } from './capture-settings'

type LimitTexts = Record<ThresholdName, string>

/** Each measure's name and where its default comes from; a measure the core adds must be named here (the type says so). */
const MEASURES: Record<ThresholdName, { label: MessageKey; source: MessageKey }> = {
  minInterEyeDistance: { label: 'limits.minInterEyeDistance', source: 'limits.minInterEyeDistance.source' },
  maxFaceHeightRatio: { label: 'limits.maxFaceHeightRatio', source: 'limits.maxFaceHeightRatio.source' },
  frameMargin: { label: 'limits.frameMargin', source: 'limits.frameMargin.source' },
  otherFaceMinRelativeSize: { label: 'limits.otherFaceMinRelativeSize', source: 'limits.otherFaceMinRelativeSize.source' },
  maxYaw: { label: 'limits.maxYaw', source: 'limits.maxYaw.source' },
  maxPitch: { label: 'limits.maxPitch', source: 'limits.maxPitch.source' },
  maxRoll: { label: 'limits.maxRoll', source: 'limits.maxRoll.source' },
  minBrightness: { label: 'limits.minBrightness', source: 'limits.minBrightness.source' },
  maxBrightness: { label: 'limits.maxBrightness', source: 'limits.maxBrightness.source' },
  minContrast: { label: 'limits.minContrast', source: 'limits.minContrast.source' },
  minSharpness: { label: 'limits.minSharpness', source: 'limits.minSharpness.source' },
}
const NAMES = Object.keys(MEASURES) as ThresholdName[]

function textsOf(limits: QualityLimits): LimitTexts {
  return Object.fromEntries(NAMES.map((name) => [name, String(limits[name])])) as LimitTexts
}

/** Blank means "the default"; anything else goes as typed when it is not a number, so the core names the mistake. */
function limitsFrom(texts: LimitTexts): Record<string, unknown> {
  const limits: Record<string, unknown> = {}
  for (const name of NAMES) {
    const text = texts[name].trim()
    if (text !== '') limits[name] = Number.isFinite(Number(text)) ? Number(text) : text
  }
  return limits
}

/**
 * The quality gate's limits: the live camera, photo files, the CLI and CSV imports all use what is
 * saved here (the core keeps it). Enter saves, Esc puts back what is saved.
 */
export function QualityLimitsForm() {
  const { t, language } = useT()
  const notify = useStation((state) => state.notify)
  const capture = useCaptureSettings((state) => state.capture)
  const { load, save } = useCaptureSettings.getState()
  const [banner, setBanner] = useState<string | null>(null)
  const form = useForm<LimitTexts>({ defaultValues: capture ? textsOf(capture.thresholds) : undefined })

  useEffect(() => {
    load().catch((error) => setBanner(errorMessage(error)))
  }, [load])
  // what the core holds, whenever it answers (after a load or a save)
  useEffect(() => {
    if (capture) form.reset(textsOf(capture.thresholds))
  }, [capture, form])

  const submit = form.handleSubmit(async (texts) => {
    setBanner(null)
    try {
      await save({ thresholds: limitsFrom(texts), version: capture?.version })
      notify('success', t('limits.saved'))
    } catch (error) {
      // "thresholds.maxYaw: must be at most 90" goes under maxYaw
      const unplaced = placeCoreErrors(
        error,
        (field) => {
          const name = field.replace(/^thresholds\./, '')
          return name in MEASURES ? name : null
        },
        (name, message) => form.setError(name as ThresholdName, { type: 'server', message: message }, { shouldFocus: true }),
      )
      if (unplaced) setBanner(unplaced)
    }
  })
  const cancelOnEscape = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key !== 'Escape' || !capture) return
    event.preventDefault()
    form.reset(textsOf(capture.thresholds))
    setBanner(null)
  }
  const resetToDefaults = (defaults: QualityLimits) => {
    for (const name of NAMES) form.setValue(name, String(defaults[name]), { shouldDirty: true })
    form.clearErrors()
  }

  if (!capture) return <p className="muted">{banner ?? t('common.loading')}</p>
  const errors = form.formState.errors
  return (
    <form
      noValidate
      className="stack quality-limits"
      aria-labelledby="limits-title"
      onSubmit={submit}
      onKeyDown={(event) => {
        submitOnEnter(event)
        cancelOnEscape(event)
      }}
    >
      <h3 id="limits-title">{t('limits.title')}</h3>
      <p className="muted">{t('limits.explain')}</p>
      {banner && (
        <p className="banner banner--error" role="alert">
          {banner}
        </p>
      )}
      <div className="quality-limits__grid">
        {NAMES.map((name) => (
          <Field
            key={name}
            label={t(MEASURES[name].label)}
            error={errors[name]?.message}
            hint={`${t('limits.default', { value: capture.defaults[name] })} · ${t(MEASURES[name].source)}`}
            className={capture.changed.includes(name) ? 'quality-limits__changed' : undefined}
          >
            {(control) => <input {...control} {...form.register(name)} className="input" inputMode="decimal" placeholder={String(capture.defaults[name])} autoComplete="off" />}
          </Field>
        ))}
      </div>
      <p className="muted" aria-live="polite">
        {changedLine(t, language, capture)}
      </p>
      <div className="settings-row">
        <button type="button" className="button" onClick={() => resetToDefaults(capture.defaults)}>
          {t('limits.reset')}
        </button>
        <span className="spacer" />
        <button type="button" className="button" disabled={!form.formState.isDirty} onClick={() => form.reset(textsOf(capture.thresholds))}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button--primary" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? t('common.saving') : t('common.save')}
        </button>
      </div>
    </form>
  )
}

function changedLine(t: Translate, language: string, capture: CaptureSettings): string {
  if (capture.changed.length === 0 || !capture.updatedAt) return t('limits.allDefault')
  return t('limits.lastChanged', { count: capture.changed.length, who: capture.updatedBy ?? '?', when: formatDateTime(capture.updatedAt, language) })
}
