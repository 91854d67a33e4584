import { useT } from '../i18n'
import { useStation } from '../store'
import { Icon } from '../shared/icons'

/**
 * Per-target sync state belongs here. The contract has no sync channels yet (the connectors
 * issue adds them), so this says plainly that nothing is configured rather than show made-up
 * figures; the register's own counts are real and shown as what is waiting locally.
 */
export function SyncScreen() {
  const { t } = useT()
  const info = useStation((state) => state.info)
  const go = useStation((state) => state.go)
  return (
    <div className="screen">
      <header className="screen__header">
        <div>
          <h1>{t('sync.title')}</h1>
          <p className="screen__sub">{t('sync.explain')}</p>
        </div>
      </header>
      <section className="card empty-state" aria-labelledby="sync-empty-title">
        <Icon name="server" size={48} />
        <h2 id="sync-empty-title">{t('sync.noTargets')}</h2>
        <p>{t('sync.noTargetsExplain', { count: info?.counts.total ?? 0 })}</p>
        <button type="button" className="button" onClick={() => go('settings')}>
          {t('sync.openSettings')}
        </button>
      </section>
    </div>
  )
}
