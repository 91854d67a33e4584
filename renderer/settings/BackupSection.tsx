import { useCallback, useEffect, useState } from 'react'
import type { BackupListResult, VerifySummary } from '../../common/backup/backup-results'
import { useT } from '../i18n'
import { useStation } from '../store'
import { getBridge } from '../store/bridge-holder'
import { errorMessage, placeCoreErrors } from '../shared/errors'
import { formatShortDateTime } from '../shared/dates'
import { Field } from '../shared/Field'
import { Icon } from '../shared/icons'

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

/**
 * Back up the register, photos and face data into a folder, see the backups there and check
 * them against their manifests. Restoring is a CLI step on purpose: it needs a new, empty data
 * folder and the app closed.
 */
export function BackupSection() {
  const { t, language } = useT()
  const notify = useStation((state) => state.notify)
  const [destination, setDestination] = useState('')
  const [listing, setListing] = useState<BackupListResult | null>(null)
  const [fieldError, setFieldError] = useState<string | null>(null)
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null)
  const [verifying, setVerifying] = useState<string | null>(null)
  const [verified, setVerified] = useState<Record<string, VerifySummary>>({})

  // the core validates the folder: its refusals about it go under the field, anything else is a notice
  const showFailure = useCallback(
    (error: unknown) => {
      const unplaced = placeCoreErrors(
        error,
        (field) => (field === 'destination' ? field : null),
        (_, message) => setFieldError(message),
      )
      if (unplaced) notify('error', unplaced)
    },
    [notify],
  )

  // the folder typed is the backup folder chosen in Settings: saved (audited) and listed; backups stay inside it
  const load = useCallback(
    async (folder: string) => {
      try {
        setListing(await getBridge().invoke('backup.setFolder', { folder }))
        setFieldError(null)
        return true
      } catch (error) {
        showFailure(error)
        return false
      }
    },
    [showFailure],
  )

  useEffect(() => {
    getBridge()
      .invoke('backup.list', {})
      .then((current) => {
        setListing(current)
        if (current.destination !== current.defaultDestination) setDestination(current.destination)
      })
      .catch(showFailure)
  }, [showFailure])

  useEffect(
    () =>
      getBridge().subscribe((event) => {
        if (event.type === 'progress' && event.task === 'backup') setProgress((current) => (current ? { done: event.done, total: event.total } : current))
      }),
    [],
  )

  const backUp = async () => {
    if (!(await load(destination))) return
    setProgress({ done: 0, total: 0 })
    try {
      const result = await getBridge().invoke('backup.create', {})
      setFieldError(null)
      notify('success', t('backup.done', { persons: result.persons, photos: result.photos, size: megabytes(result.bytes) }))
      await load(destination)
    } catch (error) {
      showFailure(error)
    } finally {
      setProgress(null)
    }
  }

  const verify = async (path: string) => {
    setVerifying(path)
    try {
      const result = await getBridge().invoke('backup.verify', { path })
      setVerified((current) => ({ ...current, [path]: result }))
    } catch (error) {
      notify('error', errorMessage(error))
    } finally {
      setVerifying(null)
    }
  }

  const verdict = (path: string) => {
    const result = verified[path]
    if (!result) return <span className="muted">{t('backup.notChecked')}</span>
    if (result.ok) return <span>{t('backup.ok', { files: result.checked })}</span>
    return (
      <span className="field__error" title={[...result.missing, ...result.changed].join('\n')}>
        {t('backup.damaged', { missing: result.missing.length, changed: result.changed.length })}
      </span>
    )
  }

  return (
    <section className="card settings-section" aria-labelledby="backup-title">
      <h2 id="backup-title">
        <Icon name="download" size={20} /> {t('backup.title')}
      </h2>
      <p className="muted">{t('backup.explain')}</p>
      <p className="banner banner--warning">{t('backup.secrets')}</p>
      <Field label={t('backup.destination')} error={fieldError ?? undefined} hint={listing ? t('backup.destinationHint', { folder: listing.defaultDestination }) : undefined}>
        {(control) => (
          <input
            {...control}
            className="input mono"
            value={destination}
            placeholder={listing?.defaultDestination}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => setDestination(event.target.value)}
            onBlur={() => void load(destination)}
            onKeyDown={(event) => event.key === 'Enter' && void load(destination)}
          />
        )}
      </Field>
      <div className="settings-row">
        <button type="button" className="button button--primary" disabled={progress !== null} onClick={() => void backUp()}>
          <Icon name="download" size={18} /> {t('backup.now')}
        </button>
        {destination && (
          <button
            type="button"
            className="button"
            onClick={() => {
              setDestination('')
              void load('')
            }}
          >
            {t('backup.useDefault')}
          </button>
        )}
        <button type="button" className="button" onClick={() => void load(destination)}>
          <Icon name="restore" size={18} /> {t('backup.refresh')}
        </button>
      </div>
      {progress && (
        <div role="status" aria-live="polite">
          <progress max={progress.total || 1} value={progress.done} aria-label={t('backup.now')} />{' '}
          {t('backup.running', { done: progress.done, total: progress.total })}
        </div>
      )}
      {listing && listing.backups.length === 0 && <p className="muted">{t('backup.none')}</p>}
      {listing && listing.backups.length > 0 && (
        <table className="table table--compact">
          <caption>{t('backup.list')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('backup.date')}</th>
              <th scope="col">{t('backup.persons')}</th>
              <th scope="col">{t('backup.photos')}</th>
              <th scope="col">{t('backup.size')}</th>
              <th scope="col">{t('backup.verified')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('backup.verify')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {listing.backups.map((backup) => {
              const date = formatShortDateTime(backup.createdAt, language)
              return (
                <tr key={backup.path} title={backup.path}>
                  <td>{date}</td>
                  <td className="num">{backup.counts.persons}</td>
                  <td className="num">{backup.counts.photos}</td>
                  <td className="num">{megabytes(backup.bytes)}</td>
                  <td>{verdict(backup.path)}</td>
                  <td>
                    <button
                      type="button"
                      className="button button--small"
                      disabled={verifying !== null}
                      aria-label={t('backup.verifyNamed', { date })}
                      onClick={() => void verify(backup.path)}
                    >
                      {verifying === backup.path ? t('backup.verifying') : t('backup.verify')}
                    </button>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
      <p className="muted">{t('backup.restoreHint')}</p>
    </section>
  )
}
