import { useT } from '../i18n'
import { useStation } from '../store'
import { Icon } from '../shared/icons'
import { LanguageChoice } from '../shared/LanguageChoice'
import { CaptureSection } from './CaptureSection'
import { CsvSection } from './CsvSection'
import { BackupSection } from './BackupSection'
import { TargetsSection } from './TargetsSection'
import { SecuritySection } from './SecuritySection'
import { RetentionSection } from './RetentionSection'
import { SiteSection } from '../site/SiteSection'
import { useCan } from '../session/permissions'
import './settings.css'

export function SettingsScreen() {
  const { t } = useT()
  const info = useStation((state) => state.info)
  const can = useCan()
  return (
    <div className="screen">
      <header className="screen__header">
        <h1>{t('settings.title')}</h1>
      </header>
      <div className="settings">
        <section className="card settings-section" aria-labelledby="language-title">
          <h2 id="language-title">
            <Icon name="globe" size={20} /> {t('settings.language')}
          </h2>
          <LanguageChoice labelledBy="language-title" />
          <p className="muted">{t('settings.languageHint')}</p>
        </section>

        <section className="card settings-section" aria-labelledby="data-title">
          <h2 id="data-title">
            <Icon name="folder" size={20} /> {t('settings.data')}
          </h2>
          <dl className="facts">
            <div>
              <dt>{t('settings.dataFolder')}</dt>
              <dd className="mono" data-testid="data-folder">
                {info?.dataDir ?? '…'}
              </dd>
            </div>
            <div>
              <dt>{t('settings.registered')}</dt>
              <dd>
                {info
                  ? t('settings.countsLine', {
                      total: info.counts.total,
                      employee: info.counts.employee,
                      visitor: info.counts.visitor,
                      vip: info.counts.vip,
                      blacklist: info.counts.blacklist,
                      deleted: info.counts.deleted,
                    })
                  : '…'}
              </dd>
            </div>
            <div>
              <dt>{t('settings.operator')}</dt>
              <dd>{info?.actor ?? '…'}</dd>
            </div>
            <div>
              <dt>{t('settings.version')}</dt>
              <dd>{info?.version ?? '…'}</dd>
            </div>
          </dl>
          {info?.warnings.map((warning) => (
            <p key={warning} className="banner banner--warning">
              {warning}
            </p>
          ))}
        </section>

        {can('target.list') && <TargetsSection />}

        <CaptureSection />

        {can('settings.set') && <SecuritySection />}

        {can('retention.purgeExpired') && <RetentionSection />}

        {can('csv.import') && <CsvSection />}

        {can('backup.list') && <BackupSection />}

        {can('site.join') && <SiteSection />}
      </div>
    </div>
  )
}
