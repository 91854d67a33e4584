import { useEffect, useState } from 'react'
import type { Person } from '../../common/model/person'
import { useT } from '../i18n'
import { useStation } from '../store'
import { getBridge } from '../store/bridge-holder'
import { Avatar } from '../shared/Avatar'
import { formatDate } from '../shared/dates'
import { errorMessage } from '../shared/errors'
import { Icon } from '../shared/icons'
import { AddExistingDialog } from './AddExistingDialog'
import { AddNewDialog } from './AddNewDialog'
import './blacklist.css'

/** Far fewer than the register; if a station ever keeps more, the search narrows it. */
const SHOWN_LIMIT = 500

/** The security view: who must not enter, with their photo, why, and who put them here. */
export function BlacklistScreen() {
  const { t, language } = useT()
  const freshness = useStation((state) => state.freshness)
  const openPerson = useStation((state) => state.openPerson)
  const [text, setText] = useState('')
  const [entries, setEntries] = useState<{ items: Person[]; total: number } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [adding, setAdding] = useState<'existing' | 'new' | null>(null)

  useEffect(() => {
    let current = true
    getBridge()
      .invoke('person.list', { type: 'blacklist', text: text.trim() || undefined, sort: 'updatedAt', order: 'desc', limit: SHOWN_LIMIT })
      .then((page) => current && (setEntries(page), setError(null)))
      .catch((failure) => current && setError(errorMessage(failure)))
    return () => {
      current = false
    }
  }, [freshness, text])

  return (
    <div className="screen">
      <header className="screen__header">
        <div>
          <h1>{t('blacklist.title')}</h1>
          <p className="screen__sub">{entries ? t('blacklist.count', { count: entries.total }) : t('common.loading')}</p>
        </div>
        <div className="screen__actions">
          <button type="button" className="button" onClick={() => setAdding('existing')}>
            <Icon name="persons" size={18} /> {t('blacklist.addExisting')}
          </button>
          <button type="button" className="button button--primary" onClick={() => setAdding('new')}>
            <Icon name="plus" size={18} /> {t('blacklist.addNew')}
          </button>
        </div>
      </header>
      <div className="toolbar" role="search">
        <label className="search">
          <Icon name="search" />
          <input type="search" className="input search__input" aria-label={t('blacklist.search')} placeholder={t('persons.searchPlaceholder')} value={text} onChange={(event) => setText(event.target.value)} />
        </label>
      </div>
      {error && <p className="banner banner--error">{error}</p>}
      {entries && entries.items.length === 0 && <p className="empty">{text ? t('persons.noMatch') : t('blacklist.empty')}</p>}
      <ul className="watch-list">
        {entries?.items.map((person) => (
          <li key={person.id}>
            <article className="watch-card" aria-labelledby={`watch-${person.id}`}>
              <Avatar name={person.name} hash={person.photo?.hash} size={96} />
              <div className="watch-card__body">
                <h2 id={`watch-${person.id}`} className="watch-card__name">
                  {person.name} <span className="muted">{person.code}</span>
                </h2>
                <p className="watch-card__reason" data-testid="blacklist-reason">
                  {person.reason}
                </p>
                {(person.certificate || person.phone) && (
                  <p className="watch-card__meta" data-testid="blacklist-ids">
                    {[person.certificate && `${t(`certificate.${person.certificate.type}`)} ${person.certificate.number}`, person.phone].filter(Boolean).join(' · ')}
                  </p>
                )}
                <p className="watch-card__meta">
                  {t('blacklist.addedBy', { who: person.createdBy, when: formatDate(person.createdAt, language) })}
                  {person.updatedBy !== person.createdBy || person.version > 1 ? ` · ${t('blacklist.updatedBy', { who: person.updatedBy, when: formatDate(person.updatedAt, language) })}` : ''}
                  {!person.enabled && ` · ${t('status.disabled')}`}
                </p>
              </div>
              <button type="button" className="button" onClick={() => openPerson(person.id)} aria-label={t('blacklist.edit', { name: person.name })}>
                <Icon name="edit" size={18} /> {t('common.edit')}
              </button>
            </article>
          </li>
        ))}
      </ul>
      {entries && entries.total > entries.items.length && <p className="muted">{t('blacklist.more', { shown: entries.items.length, total: entries.total })}</p>}
      {adding === 'existing' && <AddExistingDialog onClose={() => setAdding(null)} />}
      {adding === 'new' && <AddNewDialog onClose={() => setAdding(null)} />}
    </div>
  )
}
