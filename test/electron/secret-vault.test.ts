import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { tempDir } from '../helpers/temp'
import { SafeStorageSecretVault, secretProtection, type StringCipher } from '../../main/electron/secret-vault'
import { FileSecretVault } from '../../main/core/targets/secrets'

/** A real cipher (AES-256-GCM, key held in memory) standing in for the OS keychain. */
function keychainCipher(options: { available?: boolean; backend?: string } = {}): StringCipher & { plainTextRequested: boolean; key: Buffer } {
  const key = randomBytes(32)
  let available = options.available ?? true
  const cipher = {
    key,
    plainTextRequested: false,
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    setUsePlainTextEncryption(use: boolean) {
      cipher.plainTextRequested = use
      available = true
    },
    encryptString(text: string) {
      const iv = randomBytes(12)
      const aes = createCipheriv('aes-256-gcm', cipher.key, iv)
      const body = Buffer.concat([aes.update(text, 'utf8'), aes.final()])
      return Buffer.concat([iv, aes.getAuthTag(), body])
    },
    decryptString(data: Buffer) {
      const aes = createDecipheriv('aes-256-gcm', cipher.key, data.subarray(0, 12))
      aes.setAuthTag(data.subarray(12, 28))
      return Buffer.concat([aes.update(data.subarray(28)), aes.final()]).toString('utf8')
    },
  }
  return cipher
}

test('secrets are encrypted at rest (owner-only file) and read back', async () => {
  const dir = tempDir('enroll-vault-')
  const vault = new SafeStorageSecretVault(dir, keychainCipher(), 'linux')
  assert.deepEqual(vault.protection, { encrypted: true, backend: 'gnome_libsecret', warning: null })
  await vault.set('t1', { appSecret: 'tuya-very-secret-42', password: 'p@ss' })
  assert.ok(vault.path.startsWith(dir))
  const onDisk = readFileSync(vault.path, 'utf8')
  assert.match(onDisk, /"t1"/)
  assert.doesNotMatch(onDisk, /tuya-very-secret-42|p@ss|appSecret/)
  assert.equal(statSync(vault.path).mode & 0o777, 0o600)
  assert.deepEqual(await vault.get('t1'), { appSecret: 'tuya-very-secret-42', password: 'p@ss' })
  assert.deepEqual(await vault.get('unknown'), {})
  await vault.remove('t1')
  assert.deepEqual(await vault.get('t1'), {})
})

test('secrets saved under another key (another PC or account) give a clear error, not garbage', async () => {
  const dir = tempDir('enroll-vault-')
  await new SafeStorageSecretVault(dir, keychainCipher(), 'win32').set('t1', { password: 'x' })
  const elsewhere = new SafeStorageSecretVault(dir, keychainCipher(), 'win32')
  await assert.rejects(elsewhere.get('t1'), /cannot be decrypted here .*enter them again/)
})

test("Linux without a keyring: the basic_text fallback is used but called weak, not pretended safe", async () => {
  const cipher = keychainCipher({ available: false, backend: 'basic_text' })
  const protection = secretProtection(cipher, 'linux')
  assert.equal(cipher.plainTextRequested, true)
  assert.equal(protection.encrypted, true)
  assert.equal(protection.backend, 'basic_text')
  assert.match(protection.warning ?? '', /only obfuscated, not protected/)
  assert.match(protection.warning ?? '', /keyring/)
  const available = secretProtection(keychainCipher({ backend: 'basic_text' }), 'linux')
  assert.match(available.warning ?? '', /basic_text/, 'weak even when Chromium reports it available')
  assert.equal(secretProtection(keychainCipher({ backend: 'basic_text' }), 'darwin').warning, null, 'the backend name only means something on Linux')
})

test('no encryption at all: saving is refused with the reason, nothing is written in clear', async () => {
  const dir = tempDir('enroll-vault-')
  const vault = new SafeStorageSecretVault(dir, keychainCipher({ available: false }), 'darwin')
  assert.equal(vault.protection.encrypted, false)
  await assert.rejects(vault.set('t1', { password: 'x' }), (error: Error & { code?: string }) => error.code === 'storage' && /no encryption/.test(error.message))
  assert.throws(() => statSync(vault.path), /ENOENT/)
})

test('secrets the CLI saved are read, and move into the encrypted file on the next save', async () => {
  const dir = tempDir('enroll-vault-')
  const cli = new FileSecretVault(dir)
  await cli.set('t1', { token: 'from-cli' })
  await cli.set('t2', { token: 'other' })
  const vault = new SafeStorageSecretVault(dir, keychainCipher(), 'linux')
  assert.deepEqual(await vault.get('t1'), { token: 'from-cli' })
  await vault.set('t1', { token: 'from-app' })
  assert.deepEqual(await vault.get('t1'), { token: 'from-app' })
  assert.deepEqual(await cli.get('t1'), {}, 'no clear-text copy left behind')
  assert.deepEqual(await cli.get('t2'), { token: 'other' }, 'other targets untouched')
  await vault.remove('t2')
  assert.deepEqual(await cli.get('t2'), {})
})
