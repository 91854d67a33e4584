import { memo } from 'react'
import type { Person } from '../../common/model/person'
import type { Translate } from '../i18n'
import { Avatar } from '../shared/Avatar'
import { formatShortDateTime } from '../shared/dates'
import { personStatus, STATUS_LABEL } from './person-status'

export const ROW_HEIGHT = 56

interface RowProps {
  person: Person | undefined
  index: number
  /** The virtualizer's ref: it positions the row itself (see PersonsTable). */
  rowRef(node: HTMLDivElement | null): void
  t: Translate
  language: string
  selected: boolean
  groupNames: string
  onToggle(id: string): void
  onOpen(id: string): void
}

/** One table row; memoised so scrolling re-renders only the rows that move into view. */
export const PersonRow = memo(function PersonRow({ person, index, rowRef, t, language, selected, groupNames, onToggle, onOpen }: RowProps) {
  if (!person) {
    return (
      <div ref={rowRef} data-index={index} role="row" aria-rowindex={index + 2} className="grid-row grid-row--loading">
        <div role="cell" className="skeleton" />
      </div>
    )
  }
  const status = personStatus(person)
  return (
    <div
      ref={rowRef}
      data-index={index}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`grid-row${selected ? ' grid-row--selected' : ''}`}
      data-person-id={person.id}
      onClick={(event) => {
        if ((event.target as HTMLElement).closest('input,button')) return
        onOpen(person.id)
      }}
    >
      <div role="cell" className="cell cell--check">
        <input type="checkbox" checked={selected} onChange={() => onToggle(person.id)} aria-label={t('persons.select', { name: person.name })} />
      </div>
      <div role="cell" className="cell cell--photo">
        <Avatar name={person.name} hash={person.photo?.hash} size={40} />
      </div>
      <div role="cell" className="cell cell--name">
        <button type="button" className="link-button" onClick={() => onOpen(person.id)}>
          {person.name}
        </button>
        <span className="cell__sub">{person.code}</span>
      </div>
      <div role="cell" className="cell">
        <span className={`type-tag type-tag--${person.type}`}>{t(`type.${person.type}`)}</span>
      </div>
      <div role="cell" className="cell cell--mono">{person.phone ?? ''}</div>
      <div role="cell" className="cell cell--groups" title={groupNames}>
        {groupNames}
      </div>
      <div role="cell" className="cell">
        <span className={`status status--${status}`}>{t(STATUS_LABEL[status])}</span>
        {status === 'active' && person.validUntil && <span className="cell__sub">{t('persons.until', { when: formatShortDateTime(person.validUntil, language) })}</span>}
      </div>
    </div>
  )
})
