import { join } from 'node:path'
import { coreError, englishText, type CoreError } from '../../common/errors/core-error'
import { FileSecretVault, type SecretVault } from '../core/targets/secrets'

/**
 * The back ends' secrets in the desktop app, encrypted at rest with the OS keychain through
 * Electron's safeStorage (DPAPI on Windows, Keychain on macOS, libsecret/kwallet on Linux).
 * Written against the few safeStorage calls it needs, so it is tested with a real cipher
 * standing in for the keychain.
 */
export interface StringCipher {
  isEncryptionAvailable(): boolean
  encryptString(plainText: string): Buffer
  decryptString(encrypted: Buffer): string
  /** Linux only: which keyring Chromium picked ('basic_text' means none answered). */
  getSelectedStorageBackend?(): string
  /** Linux only: accept Chromium's built-in fallback key when no keyring answers. */
  setUsePlainTextEncryption?(usePlainText: boolean): void
}

export interface SecretProtection {
  encrypted: boolean
  backend: string
  /** Set when the protection is weaker than it looks; the UI shows it among the station's warnings. */
  warning: string | null
}

/** Beside the register, apart from the CLI's clear-text secrets.json. */
export const PROTECTED_SECRETS_DIR = 'secrets-protected'

const WEAK_FALLBACK_WARNING =
  'Saved back-end secrets are only obfuscated, not protected: no keyring (GNOME Keyring, KWallet) answered, so Chromium\'s fixed fallback key ("basic_text") is used and anyone who can read the data folder can recover them. Install and unlock a keyring, then restart the station and enter the secrets again.'

/** Decides, once, how secrets can be protected on this PC, and says so honestly. */
export function secretProtection(cipher: StringCipher, platform: NodeJS.Platform = process.platform): SecretProtection {
  const backend = platform === 'linux' ? (cipher.getSelectedStorageBackend?.() ?? 'unknown') : platform === 'win32' ? 'dpapi' : platform === 'darwin' ? 'keychain' : 'unknown'
  const weak = platform === 'linux' && backend === 'basic_text'
  if (weak && !cipher.isEncryptionAvailable()) cipher.setUsePlainTextEncryption?.(true)
  const encrypted = cipher.isEncryptionAvailable()
  if (!encrypted) {
    return { encrypted, backend, warning: englishText('secrets.no_keychain') }
  }
  return { encrypted, backend, warning: weak ? WEAK_FALLBACK_WARNING : null }
}

/**
 * Sealed secrets are kept by the core's own file vault (owner-only file, atomic replace,
 * serialised writes), one `{ sealed }` record per target, in a folder of their own. Secrets the
 * CLI saved in clear (the data folder's secrets.json) are still read, so a target set up with
 * `enroll` works in the app; the first save or removal in the app moves that target here.
 */
export class SafeStorageSecretVault implements SecretVault {
  readonly path: string
  readonly protection: SecretProtection
  private readonly sealedVault: FileSecretVault
  private readonly plainVault: FileSecretVault

  constructor(
    dataDir: string,
    private readonly cipher: StringCipher,
    platform: NodeJS.Platform = process.platform,
  ) {
    this.sealedVault = new FileSecretVault(join(dataDir, PROTECTED_SECRETS_DIR))
    this.path = this.sealedVault.path
    this.protection = secretProtection(cipher, platform)
    this.plainVault = new FileSecretVault(dataDir)
  }

  async get(targetId: string): Promise<Record<string, string>> {
    const { sealed } = await this.sealedVault.get(targetId)
    if (sealed === undefined) return this.plainVault.get(targetId)
    if (!this.protection.encrypted) throw this.unavailable()
    let text: string
    try {
      text = this.cipher.decryptString(Buffer.from(sealed, 'base64'))
    } catch (error) {
      throw coreError('storage', 'secrets.cannot_decrypt', { target: targetId }, { field: 'secrets', cause: error })
    }
    return JSON.parse(text) as Record<string, string>
  }

  async set(targetId: string, secrets: Record<string, string>): Promise<void> {
    if (!this.protection.encrypted) throw this.unavailable()
    await this.sealedVault.set(targetId, { sealed: this.cipher.encryptString(JSON.stringify(secrets)).toString('base64') })
    await this.forgetPlainCopy(targetId)
  }

  async remove(targetId: string): Promise<void> {
    await this.sealedVault.remove(targetId)
    await this.forgetPlainCopy(targetId)
  }

  /** One copy of a target's secrets: the encrypted one. */
  private async forgetPlainCopy(targetId: string): Promise<void> {
    if (Object.keys(await this.plainVault.get(targetId)).length > 0) await this.plainVault.remove(targetId)
  }

  private unavailable(): CoreError {
    return coreError('storage', 'secrets.no_keychain', {}, { field: 'secrets' })
  }
}
