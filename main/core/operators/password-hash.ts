import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/**
 * Operator passwords (or PINs) as Node's built-in scrypt keeps them: memory-hard, a fresh salt per
 * operator, the parameters stored beside the hash so they can be raised later without locking
 * anyone out (a hash is always checked with the parameters it was made with).
 */
export interface PasswordHash {
  algorithm: 'scrypt'
  /** CPU/memory cost (a power of two), block size, parallelism. */
  N: number
  r: number
  p: number
  keyLength: number
  salt: string
  hash: string
}

/** OWASP's Password Storage Cheat Sheet minimum for scrypt: N = 2^17, r = 8, p = 1 (128 MiB per hash). */
export const SCRYPT_PARAMETERS = { N: 2 ** 17, r: 8, p: 1, keyLength: 32 } as const

function derive(password: string, salt: Buffer, parameters: Pick<PasswordHash, 'N' | 'r' | 'p' | 'keyLength'>): Promise<Buffer> {
  const options: ScryptOptions = { N: parameters.N, r: parameters.r, p: parameters.p, maxmem: 256 * parameters.N * parameters.r + 1024 * 1024 }
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, parameters.keyLength, options, (error, key) => (error ? reject(error) : resolve(key))))
}

export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, SCRYPT_PARAMETERS)
  return { algorithm: 'scrypt', ...SCRYPT_PARAMETERS, salt: salt.toString('base64'), hash: key.toString('base64') }
}

export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  if (stored.algorithm !== 'scrypt') return false
  const expected = Buffer.from(stored.hash, 'base64')
  const key = await derive(password, Buffer.from(stored.salt, 'base64'), stored)
  return key.length === expected.length && timingSafeEqual(key, expected)
}

/** A hash to check unknown names against, so a wrong name costs the same time as a wrong password. */
let decoy: Promise<PasswordHash> | null = null
export function decoyHash(): Promise<PasswordHash> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'))
  return decoy
}
