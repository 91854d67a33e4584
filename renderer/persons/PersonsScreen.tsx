import { useT } from '../i18n'
import { useStation } from '../store'
import { BulkBar } from './BulkBar'
import { PersonsTable } from './PersonsTable'
import { PersonsToolbar } from './PersonsToolbar'
import './persons.css'

export function PersonsScreen() {
  const { t } = useT()
  const total = useStation((state) => state.total)
  const recycleBin = useStation((state) => state.filter.recycleBin)
  return (
    <div className="screen screen--fill">
      <header className="screen__header">
        <h1>{recycleBin ? t('persons.recycleBin') : t('persons.title')}</h1>
        <p className="screen__sub" aria-live="polite">
          {total === null ? t('common.loading') : t('persons.count', { count: total })}
        </p>
      </header>
      <PersonsToolbar />
      <BulkBar />
      <PersonsTable />
    </div>
  )
}
