import { useCallback, useEffect, useState } from 'react'
import { useT } from '../i18n'
import { Field } from '../shared/Field'
import { listCameras, rememberCamera, rememberedCamera, type CameraChoice } from '../capture/camera'

/**
 * Which camera Enroll opens, remembered on this computer exactly as the capture view remembers a
 * choice made there (capture/camera.ts). Blank: the system's default camera.
 */
export function CameraSetting() {
  const { t } = useT()
  const [cameras, setCameras] = useState<CameraChoice[] | null>(null)
  const [chosen, setChosen] = useState<string>(() => rememberedCamera() ?? '')

  const refresh = useCallback(() => {
    listCameras()
      .then(setCameras)
      .catch(() => setCameras([]))
  }, [])
  useEffect(() => {
    refresh()
    // a camera plugged in or out while the screen is open
    navigator.mediaDevices?.addEventListener?.('devicechange', refresh)
    return () => navigator.mediaDevices?.removeEventListener?.('devicechange', refresh)
  }, [refresh])

  const choose = (deviceId: string) => {
    rememberCamera(deviceId)
    setChosen(deviceId)
  }
  // before the camera was ever allowed the browser lists devices without ids: nothing to remember yet
  const choices = (cameras ?? []).filter((camera) => camera.deviceId !== '')
  const remembered = chosen !== '' && !choices.some((camera) => camera.deviceId === chosen)

  return (
    <Field label={t('cameraSetting.camera')} hint={cameras === null ? undefined : cameras.length === 0 ? t('cameraSetting.none') : t('cameraSetting.hint')}>
      {(control) => (
        <div className="settings-row">
          <select {...control} className="input camera-setting__select" value={chosen} onChange={(event) => choose(event.target.value)}>
            <option value="">{t('cameraSetting.default')}</option>
            {choices.map((camera) => (
              <option key={camera.deviceId} value={camera.deviceId}>
                {camera.label}
              </option>
            ))}
            {remembered && <option value={chosen}>{t('cameraSetting.notConnected')}</option>}
          </select>
          <button type="button" className="button button--small" onClick={refresh}>
            {t('cameraSetting.refresh')}
          </button>
        </div>
      )}
    </Field>
  )
}
