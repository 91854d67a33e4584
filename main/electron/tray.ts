import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { nativeImage, Tray, type NativeImage } from 'electron'
import type { ShellLanguage } from './language'
import { syncIndicator, type SyncCounts, type SyncIndicatorState } from './sync-indicator'

export interface SyncTray {
  update(counts: SyncCounts | null): void
  destroy(): void
}

/** Read through fs so the icons load from inside app.asar as well. */
function trayImage(iconsDir: string, state: SyncIndicatorState): NativeImage {
  const image = nativeImage.createFromBuffer(readFileSync(join(iconsDir, `${state}.png`)), { scaleFactor: 1 })
  image.addRepresentation({ scaleFactor: 2, buffer: readFileSync(join(iconsDir, `${state}@2x.png`)) })
  return image
}

export function createSyncTray(iconsDir: string, language: ShellLanguage, onClick: () => void): SyncTray {
  const images = new Map<SyncIndicatorState, NativeImage>()
  const imageFor = (state: SyncIndicatorState) => {
    if (!images.has(state)) images.set(state, trayImage(iconsDir, state))
    return images.get(state)!
  }
  const tray = new Tray(imageFor('idle'))
  tray.on('click', onClick)
  const update = (counts: SyncCounts | null) => {
    const indicator = syncIndicator(counts, language)
    tray.setImage(imageFor(indicator.state))
    tray.setToolTip(indicator.tooltip)
  }
  update(null)
  return { update, destroy: () => tray.destroy() }
}
