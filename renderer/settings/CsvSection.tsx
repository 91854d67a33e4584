import { useRef, useState } from 'react'
import type { ImportReport } from '../../common/persons/csv-import-report'
import { useT } from '../i18n'
import { useStation } from '../store'
import { getBridge } from '../store/bridge-holder'
import { downloadBase64, readFileAsBase64 } from '../shared/files'
import { errorMessage } from '../shared/errors'
import { codedWords } from '../../common/i18n/error-text'
import { HiddenFileInput } from '../shared/HiddenFileInput'
import { Icon } from '../shared/icons'

/** Spreadsheet in and out: an import reports each refused line with its reason; good lines are kept. */
export function CsvSection() {
  const { t } = useT()
  const notify = useStation((state) => state.notify)
  const input = useRef<HTMLInputElement>(null)
  const [encoding, setEncoding] = useState<'auto' | 'utf8' | 'gbk'>('auto')
  const [report, setReport] = useState<(ImportReport & { file: string }) | null>(null)
  const [busy, setBusy] = useState<'import' | 'export' | null>(null)

  const importFile = async (file: File) => {
    setBusy('import')
    setReport(null)
    try {
      const result = await getBridge().invoke('csv.import', { base64: await readFileAsBase64(file), encoding })
      setReport({ ...result, file: file.name })
    } catch (error) {
      notify('error', errorMessage(error))
    } finally {
      setBusy(null)
    }
  }

  const exportAll = async () => {
    setBusy('export')
    try {
      const { base64, count } = await getBridge().invoke('csv.export', {})
      downloadBase64(base64, `persons-${new Date().toISOString().slice(0, 10)}.csv`, 'text/csv')
      notify('success', t('csv.exported', { count }))
    } catch (error) {
      notify('error', errorMessage(error))
    } finally {
      setBusy(null)
    }
  }

  return (
    <section className="card settings-section" aria-labelledby="csv-title">
      <h2 id="csv-title">{t('csv.title')}</h2>
      <p className="muted">{t('csv.explain')}</p>
      <label className="inline-field">
        <span>{t('csv.encoding')}</span>
        <select className="input input--compact" value={encoding} onChange={(event) => setEncoding(event.target.value as typeof encoding)}>
          <option value="auto">{t('csv.encodingAuto')}</option>
          <option value="utf8">UTF-8</option>
          <option value="gbk">GBK</option>
        </select>
      </label>
      <div className="settings-row">
        <button type="button" className="button" disabled={busy !== null} onClick={() => input.current?.click()}>
          <Icon name="upload" size={18} /> {busy === 'import' ? t('csv.importing') : t('csv.import')}
        </button>
        <button type="button" className="button" disabled={busy !== null} onClick={() => void exportAll()}>
          <Icon name="download" size={18} /> {t('csv.export')}
        </button>
        <HiddenFileInput ref={input} accept=".csv,text/csv" label={t('csv.import')} onFile={(file) => void importFile(file)} />
      </div>
      {report && (
        <div className="import-report" role="status" aria-live="polite">
          <p>
            <strong>{report.file}</strong>: {t('csv.summary', { rows: report.rows, created: report.created, updated: report.updated, failed: report.failed.length })}
          </p>
          {report.notices.map((notice) => (
            <p key={notice.messageCode} className="muted">
              {t(`error.${notice.messageCode}`, notice.params ?? {})}
            </p>
          ))}
          {report.blacklistNotes.length > 0 && (
            <ul className="match-warnings" role="alert" data-testid="import-blacklist-notes">
              {report.blacklistNotes.flatMap((note) =>
                note.matches.map((match) => (
                  <li key={`${note.line}:${match.personId}`} className={`match ${match.strength === 'strong' ? 'match--blacklist' : 'match--duplicate'}`}>
                    {t('csv.blacklistNote', {
                      line: note.line,
                      strength: match.strength,
                      name: match.name,
                      code: match.code,
                      fields: match.matched.map((field) => t(`fieldMatch.field.${field}`)).join(t('fieldMatch.separator')),
                    })}
                  </li>
                )),
              )}
            </ul>
          )}
          {report.failed.length > 0 && (
            <table className="table table--compact">
              <caption className="visually-hidden">{t('csv.failedLines')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('csv.line')}</th>
                  <th scope="col">{t('csv.field')}</th>
                  <th scope="col">{t('csv.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {report.failed.map((problem, index) => (
                  <tr key={index}>
                    <td className="num">{problem.line}</td>
                    <td>{problem.field}</td>
                    <td>{codedWords(problem, t) ?? t('error.unexpected', { message: problem.message })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  )
}
