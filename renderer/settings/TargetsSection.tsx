import { useCallback, useEffect, useState } from 'react'
import { useT } from '../i18n'
import { useStation } from '../store'
import { getBridge } from '../store/bridge-holder'
import { Icon } from '../shared/icons'
import { errorMessage } from '../shared/errors'
import { HEALTH_LABEL, HEALTH_TONE } from '../sync/sync-labels'
import { GroupMappingDialog } from './GroupMappingDialog'
import { RemoveTargetDialog } from './RemoveTargetDialog'
import { TargetDialog } from './TargetDialog'
import { TestResultView } from './TestResultView'
import { testTarget } from './test-target'
import type { TargetKindInfo, TargetTestResult, TargetView } from './target-form'

type Open = { dialog: 'add' } | { dialog: 'edit' | 'map' | 'remove'; target: TargetView } | null

/**
 * The back ends this station pushes to: each with its health (from the sync summary), whether its
 * credentials are all stored, and the actions: test, edit, map groups, remove.
 */
export function TargetsSection() {
  const { t } = useT()
  const summary = useStation((state) => state.syncSummary)
  const freshness = useStation((state) => state.syncFreshness)
  const notify = useStation((state) => state.notify)
  const [targets, setTargets] = useState<TargetView[] | null>(null)
  const [kinds, setKinds] = useState<TargetKindInfo[]>([])
  const [open, setOpen] = useState<Open>(null)
  const [tests, setTests] = useState<Record<string, TargetTestResult | 'testing'>>({})

  const reload = useCallback(() => {
    getBridge()
      .invoke('target.list', {})
      .then(setTargets)
      .catch((error) => notify('error', errorMessage(error)))
  }, [notify])
  // a change made elsewhere (the CLI, another desk) arrives as a targets notice, which bumps freshness
  useEffect(reload, [reload, freshness])
  useEffect(() => {
    getBridge()
      .invoke('target.kinds', {})
      .then(setKinds)
      .catch((error) => notify('error', errorMessage(error)))
  }, [notify])

  const test = async (target: TargetView) => {
    setTests((current) => ({ ...current, [target.id]: 'testing' }))
    try {
      const result = await testTarget(target.id)
      setTests((current) => ({ ...current, [target.id]: result }))
    } catch (error) {
      setTests(({ [target.id]: _dropped, ...rest }) => rest)
      notify('error', errorMessage(error))
    }
  }
  const saved = (target: TargetView) => {
    // what was tested before the edit says nothing about the new settings
    setTests(({ [target.id]: _dropped, ...rest }) => rest)
    reload()
  }

  return (
    <section className="card settings-section targets-section" aria-labelledby="targets-title">
      <div className="settings-section__head">
        <h2 id="targets-title">
          <Icon name="server" size={20} /> {t('settings.targets')}
        </h2>
        <button type="button" className="button button--primary" disabled={kinds.length === 0} onClick={() => setOpen({ dialog: 'add' })}>
          <Icon name="plus" size={18} /> {t('targets.add')}
        </button>
      </div>
      {targets === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : targets.length === 0 ? (
        <p className="muted">{t('settings.targetsNone')}</p>
      ) : (
        <ul className="target-list target-list--managed">
          {targets.map((target) => {
            const row = summary?.targets.find((item) => item.targetId === target.id)
            const health = row ? (summary?.workerRunning ? row.health : 'stopped') : null
            const missing = Object.values(target.secrets).some((set) => !set)
            const mapped = Object.keys(target.mapping.groups).length
            return (
              <li key={target.id} aria-label={target.name}>
                <div className="target-row">
                  <div className="target-row__what">
                    <strong>{target.name}</strong>
                    <span className="muted">
                      {target.kindLabel} · <span className="mono">{target.baseUrl}</span>
                    </span>
                    <span className="muted">{t('targets.mappedCount', { count: mapped })}</span>
                    {target.secretsNeeded && <span className="muted">{t('error.target.secrets_needed_here')}</span>}
                  </div>
                  <div className="target-row__state">
                    {!target.enabled && <span className="pill pill--quiet">{t('sync.disabled')}</span>}
                    {target.paused && <span className="pill pill--quiet">{t('sync.paused')}</span>}
                    {missing && <span className="pill pill--bad">{t('targets.missingSecret')}</span>}
                    {health && <span className={`pill pill--${HEALTH_TONE[health]}`}>{t(HEALTH_LABEL[health])}</span>}
                  </div>
                  <div className="target-row__actions">
                    <button type="button" className="button button--small" disabled={tests[target.id] === 'testing'} onClick={() => void test(target)} aria-label={t('targets.testNamed', { name: target.name })}>
                      {t('targets.test')}
                    </button>
                    <button type="button" className="button button--small" disabled={kinds.length === 0} onClick={() => setOpen({ dialog: 'edit', target })} aria-label={t('targets.editNamed', { name: target.name })}>
                      <Icon name="edit" size={16} /> {t('common.edit')}
                    </button>
                    <button type="button" className="button button--small" onClick={() => setOpen({ dialog: 'map', target })} aria-label={t('targets.mapNamed', { name: target.name })}>
                      <Icon name="groups" size={16} /> {t('targets.map')}
                    </button>
                    <button type="button" className="button button--small button--danger-quiet" onClick={() => setOpen({ dialog: 'remove', target })} aria-label={t('targets.removeNamed', { name: target.name })}>
                      <Icon name="trash" size={16} />
                    </button>
                  </div>
                </div>
                {tests[target.id] && <TestResultView result={tests[target.id]} />}
              </li>
            )
          })}
        </ul>
      )}

      {open?.dialog === 'add' && <TargetDialog kinds={kinds} target={null} onClose={() => setOpen(null)} onSaved={saved} />}
      {open?.dialog === 'edit' && <TargetDialog kinds={kinds} target={open.target} onClose={() => setOpen(null)} onSaved={saved} />}
      {open?.dialog === 'map' && <GroupMappingDialog target={open.target} kind={kinds.find((kind) => kind.kind === open.target.kind)} onClose={() => setOpen(null)} onSaved={saved} />}
      {open?.dialog === 'remove' && <RemoveTargetDialog target={open.target} onClose={() => setOpen(null)} onRemoved={reload} />}
    </section>
  )
}
