// Types for scripts/after-pack.mjs (an electron-builder hook, so plain JavaScript).
import type { FuseV1Config } from '@electron/fuses'

export interface AfterPackContextLike {
  appOutDir: string
  electronPlatformName: string
  arch: number
  packager: { executableName: string; appInfo: { productFilename: string } }
}

export function fuseConfig(platform: string): FuseV1Config
export function electronBinaryPath(context: Omit<AfterPackContextLike, 'arch'>): string
export default function afterPack(context: AfterPackContextLike): Promise<void>
