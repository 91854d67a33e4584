import { useT } from '../i18n'
import { Icon } from '../shared/icons'
import { CameraSetting } from './CameraSetting'
import { QualityLimitsForm } from './QualityLimitsForm'

/** The camera Enroll opens (this computer) and the quality gate's limits (the station, kept by the core). */
export function CaptureSection() {
  const { t } = useT()
  return (
    <section className="card settings-section capture-settings" aria-labelledby="capture-settings-title">
      <h2 id="capture-settings-title">
        <Icon name="camera" size={20} /> {t('cameraSetting.title')}
      </h2>
      <CameraSetting />
      <QualityLimitsForm />
    </section>
  )
}
