import { useT } from '../i18n'
import { useStation } from '../store'
import { Icon } from '../shared/icons'
import { HEALTH_LABEL, HEALTH_TONE } from '../sync/sync-labels'

/**
 * The back ends this station pushes to. Adding and editing them (with secrets) needs channels the
 * contract does not have yet; until then they are set up with `enroll target add`, and shown here.
 */
export function TargetsSection() {
  const { t } = useT()
  const summary = useStation((state) => state.syncSummary)
  const targets = summary?.targets ?? []
  return (
    <section className="card settings-section" aria-labelledby="targets-title">
      <h2 id="targets-title">
        <Icon name="server" size={20} /> {t('settings.targets')}
      </h2>
      {targets.length === 0 ? (
        <p className="muted">{t('settings.targetsNone')}</p>
      ) : (
        <ul className="target-list">
          {targets.map((target) => {
            const health = summary?.workerRunning ? target.health : 'stopped'
            return (
              <li key={target.targetId}>
                <strong>{target.name}</strong>
                <span className="muted">{target.kind}</span>
                <span className="spacer" />
                {target.paused && <span className="pill pill--quiet">{t('sync.paused')}</span>}
                <span className={`pill pill--${HEALTH_TONE[health]}`}>{t(HEALTH_LABEL[health])}</span>
              </li>
            )
          })}
        </ul>
      )}
      <p className="muted">
        {t('settings.targetsHowTo')} <code>enroll target add …</code>
      </p>
    </section>
  )
}
