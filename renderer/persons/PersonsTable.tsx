import { useCallback, useEffect, useMemo, useRef } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useT } from '../i18n'
import { useStation } from '../store'
import { PAGE_SIZE, SELECT_ALL_LIMIT, type PersonFilter } from './persons-slice'
import { PersonRow, ROW_HEIGHT } from './PersonRow'

/**
 * The register as one scrolling table, however large: the virtualizer renders the rows in view,
 * the slice loads the pages under them, and a row not loaded yet shows as a placeholder.
 */
export function PersonsTable() {
  const { t, language } = useT()
  const total = useStation((state) => state.total)
  const pages = useStation((state) => state.pages)
  const selected = useStation((state) => state.selected)
  const queryId = useStation((state) => state.queryId)
  const shownQueryId = useStation((state) => state.shownQueryId)
  const freshness = useStation((state) => state.freshness)
  const groups = useStation((state) => state.groups)
  const filter = useStation((state) => state.filter)
  const { ensureRows, toggleSelected, openPerson, setFilter, setSelected, selectAllMatching } = useStation.getState()
  const scroller = useRef<HTMLDivElement>(null)

  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    // rows are placed by the virtualizer itself; React renders only when the visible range changes
    directDomUpdates: true,
  })
  const items = virtualizer.getVirtualItems()
  const first = items[0]?.index ?? 0
  const last = items.at(-1)?.index ?? 0

  // half a page either side is asked for early, so fast scrolling rarely meets an empty row
  useEffect(() => {
    ensureRows(Math.max(0, first - PAGE_SIZE / 2), Math.max(last, first + 20) + PAGE_SIZE / 2)
  }, [ensureRows, first, last, queryId, shownQueryId, freshness])

  // a new search starts at its top
  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 })
  }, [shownQueryId])

  const groupNameById = useMemo(() => new Map(groups.map((group) => [group.id, group.name])), [groups])
  const open = useCallback((id: string) => openPerson(id), [openPerson])
  const selectedCount = Object.keys(selected).length
  const allSelected = total !== null && total > 0 && selectedCount >= total

  const sortBy = (sort: PersonFilter['sort']) => setFilter({ sort, order: filter.sort === sort && filter.order === 'asc' ? 'desc' : 'asc' })
  const sortState = (sort: PersonFilter['sort']) => (filter.sort === sort ? (filter.order === 'asc' ? 'ascending' : 'descending') : 'none')

  return (
    <div className="grid" role="table" aria-label={t('persons.title')} aria-rowcount={(total ?? 0) + 1} aria-busy={queryId !== shownQueryId}>
      <div role="rowgroup" className="grid-head">
        <div role="row" aria-rowindex={1} className="grid-row grid-row--head">
          <div role="columnheader" className="cell cell--check">
            <input
              type="checkbox"
              aria-label={t('persons.selectAll')}
              title={total !== null && total > SELECT_ALL_LIMIT ? t('persons.selectAllLimit', { limit: SELECT_ALL_LIMIT }) : undefined}
              checked={allSelected}
              ref={(box) => {
                if (box) box.indeterminate = selectedCount > 0 && !allSelected
              }}
              disabled={!total || (total > SELECT_ALL_LIMIT && selectedCount === 0)}
              onChange={() => (selectedCount > 0 ? setSelected([]) : void selectAllMatching())}
            />
          </div>
          <div role="columnheader" className="cell cell--photo">
            <span className="visually-hidden">{t('field.photo')}</span>
          </div>
          <div role="columnheader" className="cell cell--name" aria-sort={sortState('name')}>
            <button type="button" className="sort-button" onClick={() => sortBy('name')}>
              {t('field.name')} / {t('field.code')}
            </button>
          </div>
          <div role="columnheader" className="cell">
            {t('field.type')}
          </div>
          <div role="columnheader" className="cell">
            {t('field.phone')}
          </div>
          <div role="columnheader" className="cell">
            {t('field.groups')}
          </div>
          <div role="columnheader" className="cell" aria-sort={sortState('updatedAt')}>
            <button type="button" className="sort-button" onClick={() => sortBy('updatedAt')}>
              {t('persons.status')}
            </button>
          </div>
        </div>
      </div>
      <div ref={scroller} className="grid-body" role="rowgroup" data-testid="persons-scroller">
        {total === 0 ? (
          <p className="empty">{filter.text || filter.type || filter.group || filter.expiredOnly ? t('persons.noMatch') : filter.recycleBin ? t('persons.binEmpty') : t('persons.none')}</p>
        ) : (
          <div className="grid-canvas" ref={virtualizer.containerRef}>
            {items.map((item) => {
              const person = pages[Math.floor(item.index / PAGE_SIZE)]?.[item.index % PAGE_SIZE]
              return (
                <PersonRow
                  key={item.key}
                  index={item.index}
                  rowRef={virtualizer.measureElement}
                  t={t}
                  language={language}
                  person={person}
                  selected={person ? selected[person.id] === true : false}
                  groupNames={person ? person.groups.map((id) => groupNameById.get(id) ?? id).join(', ') : ''}
                  onToggle={toggleSelected}
                  onOpen={open}
                />
              )
            })}
          </div>
        )}
      </div>
    </div>
  )
}
