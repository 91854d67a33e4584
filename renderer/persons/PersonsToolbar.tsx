import { PERSON_TYPES } from '../../common/model/person'
import { useT } from '../i18n'
import { useStation } from '../store'
import { Icon } from '../shared/icons'
import { SYNC_STATE_LABEL } from '../sync/sync-labels'

const SYNC_FILTER_STATES = ['pending', 'failing', 'attention', 'paused', 'synced'] as const

/** Search as you type (name, code, phone) and the filters; every change is a new query to the core. */
export function PersonsToolbar() {
  const { t } = useT()
  const filter = useStation((state) => state.filter)
  const groups = useStation((state) => state.groups)
  const setFilter = useStation((state) => state.setFilter)
  const hasTargets = useStation((state) => (state.syncSummary?.targets.length ?? 0) > 0)
  return (
    <div className="toolbar" role="search">
      <label className="search">
        <Icon name="search" />
        <input
          type="search"
          className="input search__input"
          placeholder={t('persons.searchPlaceholder')}
          aria-label={t('persons.search')}
          value={filter.text}
          autoFocus
          onChange={(event) => setFilter({ text: event.target.value })}
        />
      </label>
      <select className="input input--compact" aria-label={t('persons.filterType')} value={filter.type} onChange={(event) => setFilter({ type: event.target.value as typeof filter.type })}>
        <option value="">{t('persons.allTypes')}</option>
        {PERSON_TYPES.map((type) => (
          <option key={type} value={type}>
            {t(`type.${type}`)}
          </option>
        ))}
      </select>
      <select className="input input--compact" aria-label={t('persons.filterGroup')} value={filter.group} onChange={(event) => setFilter({ group: event.target.value })}>
        <option value="">{t('persons.allGroups')}</option>
        {groups.map((group) => (
          <option key={group.id} value={group.id}>
            {group.name}
          </option>
        ))}
      </select>
      {hasTargets && (
        <select className="input input--compact" aria-label={t('persons.filterSync')} value={filter.syncState} onChange={(event) => setFilter({ syncState: event.target.value as typeof filter.syncState })}>
          <option value="">{t('persons.anySync')}</option>
          {SYNC_FILTER_STATES.map((state) => (
            <option key={state} value={state}>
              {t(SYNC_STATE_LABEL[state])}
            </option>
          ))}
        </select>
      )}
      <label className="toggle">
        <input type="checkbox" checked={filter.expiredOnly} onChange={(event) => setFilter({ expiredOnly: event.target.checked })} />
        <span>{t('persons.expiredOnly')}</span>
      </label>
      <label className="toggle">
        <input type="checkbox" checked={filter.recycleBin} onChange={(event) => setFilter({ recycleBin: event.target.checked })} />
        <span>
          <Icon name="trash" size={16} /> {t('persons.recycleBin')}
        </span>
      </label>
    </div>
  )
}
