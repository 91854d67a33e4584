import { useEffect, useState } from 'react'
import type { Person } from '../../common/model/person'
import { useT } from '../i18n'
import { useStation } from '../store'
import { getBridge } from '../store/bridge-holder'
import { Avatar } from '../shared/Avatar'
import { formatDateTime } from '../shared/dates'

/** The last few enrollments, so the desk can check at a glance what it just saved. */
export function RecentEnrollments() {
  const { t, language } = useT()
  const freshness = useStation((state) => state.freshness)
  const openPerson = useStation((state) => state.openPerson)
  const [recent, setRecent] = useState<Person[]>([])
  useEffect(() => {
    let current = true
    getBridge()
      .invoke('person.list', { sort: 'createdAt', order: 'desc', limit: 4 })
      .then((page) => current && setRecent(page.items))
      .catch(() => undefined)
    return () => {
      current = false
    }
  }, [freshness])
  if (recent.length === 0) return null
  return (
    <section className="recent" aria-labelledby="recent-title">
      <h2 id="recent-title" className="section-title">
        {t('enroll.recent')}
      </h2>
      <ul className="recent__list">
        {recent.map((person) => (
          <li key={person.id}>
            <button type="button" className="recent__item" onClick={() => openPerson(person.id)} aria-label={t('persons.openPerson', { name: person.name })}>
              <Avatar name={person.name} hash={person.photo?.hash} size={36} />
              <span className="recent__name">{person.name}</span>
              <span className="recent__meta">
                {t(`type.${person.type}`)} · {formatDateTime(person.createdAt, language)}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
