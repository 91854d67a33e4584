import { useT } from '../i18n'
import { Icon } from '../shared/icons'
import { CameraSetting } from './CameraSetting'
import { QualityLimitsForm } from './QualityLimitsForm'
import { useCan } from '../session/permissions'

/** The camera Enroll opens (this computer) and the quality gate's limits (the station, kept by the core). */
export function CaptureSection() {
  const { t } = useT()
  const can = useCan()
  return (
    <section className="card settings-section capture-settings" aria-labelledby="capture-settings-title">
      <h2 id="capture-settings-title">
        <Icon name="camera" size={20} /> {t('cameraSetting.title')}
      </h2>
      <CameraSetting />
      {can('settings.set') && <QualityLimitsForm />}
    </section>
  )
}
