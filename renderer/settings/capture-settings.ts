/**
 * The station's capture settings as the renderer sees them: the core holds them (settings.get /
 * settings.set); this store keeps the last answer so the live camera and the Settings form agree.
 *
 *   useCaptureThresholds() → the quality limits in effect, for <CaptureView thresholds={…} />
 *   useCaptureSettings()   → the whole record plus load() and save()
 *   captureSettingsChanged(capture) → the core's `settings.changed` notice (useStationEvents)
 */
import { useEffect } from 'react'
import { create } from 'zustand'
import type { ChannelInput, ChannelResult } from '../../common/contract'
import { getBridge } from '../store/bridge-holder'

export type CaptureSettings = ChannelResult<'settings.get'>['capture']
export type QualityLimits = CaptureSettings['thresholds']
export type ThresholdName = keyof QualityLimits

interface CaptureSettingsState {
  capture: CaptureSettings | null
  load(): Promise<CaptureSettings>
  save(input: ChannelInput<'settings.set'>['capture']): Promise<CaptureSettings>
}

export const useCaptureSettings = create<CaptureSettingsState>()((set) => ({
  capture: null,
  async load() {
    const { capture } = await getBridge().invoke('settings.get', {})
    set({ capture })
    return capture
  },
  async save(input) {
    const { capture } = await getBridge().invoke('settings.set', { capture: input })
    set({ capture })
    return capture
  },
}))

/** A change saved anywhere in this station; an older record arriving late never replaces a newer one. */
export function captureSettingsChanged(capture: CaptureSettings): void {
  useCaptureSettings.setState((state) => (state.capture && state.capture.version > capture.version ? state : { capture }))
}

/**
 * The limits in effect: fetched again each time a capture view mounts (the CLI, in another process,
 * may have changed them), and replaced while it is shown by the core's `settings.changed` notice;
 * undefined until the first answer, which CaptureView reads as the defaults.
 */
export function useCaptureThresholds(): QualityLimits | undefined {
  const thresholds = useCaptureSettings((state) => state.capture?.thresholds)
  useEffect(() => {
    // without the core there is nothing better than the defaults CaptureView already uses
    useCaptureSettings.getState().load().catch(() => undefined)
  }, [])
  return thresholds
}
