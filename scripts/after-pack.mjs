// electron-builder afterPack hook: flips Electron's fuses in the packed binary, before signing.
// Packaged builds only: `npm run build` + `electron .` (what the E2E tests drive) keeps the
// stock binary. Playwright's Electron driver needs --inspect, which a fused build ignores; for
// an E2E run against a packaged folder build with ENROLL_UNFUSED_TEST_BUILD=1 (never ship it).
import { join } from 'node:path'
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses'

/** Asar integrity is only checked on macOS and Windows; electron-builder writes the hashes there. */
export function fuseConfig(platform) {
  return {
    version: FuseVersion.V1,
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: platform === 'darwin' || platform === 'mas' || platform === 'win32',
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
    // The UI is served over app://, never file://.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  }
}

/** The file that holds the fuse wire, as electron-builder names the executable per platform. */
export function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return join(appOutDir, `${packager.appInfo.productFilename}.app`)
  if (electronPlatformName === 'win32') return join(appOutDir, `${packager.appInfo.productFilename}.exe`)
  return join(appOutDir, packager.executableName)
}

export default async function afterPack(context) {
  if (process.env.ENROLL_UNFUSED_TEST_BUILD === '1') {
    console.warn('  • after-pack: ENROLL_UNFUSED_TEST_BUILD=1, fuses NOT flipped: a test build, do not distribute')
    return
  }
  const binary = electronBinaryPath(context)
  const config = fuseConfig(context.electronPlatformName)
  // Apple Silicon (arm64, universal: Arch 3, 4) refuses a binary whose ad-hoc signature no longer matches; real signing follows.
  const resetAdHocDarwinSignature = context.electronPlatformName === 'darwin' && (context.arch === 3 || context.arch === 4)
  await flipFuses(binary, { ...config, resetAdHocDarwinSignature })
  console.log(`  • after-pack: fuses flipped in ${binary}`)
}
