import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import sharp from 'sharp'
import { formatPhone, remoteGroupIds, resolveMapping, splitPhone, NO_MAPPING } from '../../main/core/connectors/mapping'
import { fitJpeg, jpegSize, photoIssues } from '../../main/core/connectors/photo'
import { CredentialCache, type Credential } from '../../main/core/connectors/session'
import { retryAfterMs, kindForStatus } from '../../main/core/connectors/http'
import { ConnectorFailure } from '../../main/core/connectors/types'
import { makeJpeg, makePerson } from './fixtures'

describe('photo', () => {
  test('jpegSize reads the frame header of a real JPEG without decoding; non-JPEG is an issue at the desk', async () => {
    const jpeg = await makeJpeg(321, 123)
    assert.deepEqual(jpegSize(jpeg), { width: 321, height: 123 })
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } }).png().toBuffer()
    assert.equal(jpegSize(png), null)
    assert.deepEqual(photoIssues(png), [{ field: 'photo', message: 'is not a readable JPEG image', messageCode: 'connector.photo_not_jpeg', params: {} }])
    assert.deepEqual(photoIssues(jpeg.subarray(0, 20)), [{ field: 'photo', message: 'is not a readable JPEG image', messageCode: 'connector.photo_not_jpeg', params: {} }])
  })

  test('a photo within the limits is passed through byte for byte', async () => {
    const jpeg = await makeJpeg(400, 300)
    assert.equal(await fitJpeg(jpeg, { maxBytes: jpeg.length, maxSide: 400 }), jpeg)
  })

  test('a photo over the byte or side limit is re-encoded to fit and stays a decodable JPEG', async () => {
    const noisy = await makeJpeg(1200, 1600, { noise: true, quality: 95 })
    const fitted = await fitJpeg(noisy, { maxBytes: 150_000, maxSide: 1280 })
    assert.ok(fitted.length <= 150_000, `${fitted.length} bytes`)
    const meta = await sharp(fitted).metadata()
    assert.equal(meta.format, 'jpeg')
    assert.ok(Math.max(meta.width ?? 0, meta.height ?? 0) <= 1280)
    const large = await makeJpeg(2000, 1000)
    const resized = await fitJpeg(large, { maxBytes: 10_000_000, maxSide: 800 })
    assert.deepEqual(jpegSize(resized), { width: 800, height: 400 })
  })

  test('an impossible limit is an error, not a silent oversize photo', async () => {
    const noisy = await makeJpeg(600, 600, { noise: true })
    await assert.rejects(fitJpeg(noisy, { maxBytes: 500, maxSide: 600 }), /cannot make the photo fit in 500 bytes/)
  })
})

describe('mapping', () => {
  test('phone numbers split at the E.164 country code', () => {
    assert.deepEqual(splitPhone('+8613800138000'), { countryCode: '86', national: '13800138000' })
    assert.deepEqual(splitPhone('+14155550123'), { countryCode: '1', national: '4155550123' })
    assert.deepEqual(splitPhone('+85291234567'), { countryCode: '852', national: '91234567' })
    assert.deepEqual(splitPhone('+447911123456'), { countryCode: '44', national: '7911123456' })
    assert.deepEqual(splitPhone('+79161234567'), { countryCode: '7', national: '9161234567' })
  })

  test('national-at-home drops the home country code only', () => {
    const phone = { format: 'national-at-home' as const, homeCountryCode: '86' }
    assert.equal(formatPhone('+8613800138000', phone), '13800138000')
    assert.equal(formatPhone('+447911123456', phone), '+447911123456')
    assert.equal(formatPhone('+8613800138000', { ...phone, format: 'e164' }), '+8613800138000')
    assert.equal(formatPhone(null, phone), undefined)
  })

  test('a target’s mapping overrides the kind’s defaults key by key; groups follow the person’s order', () => {
    const defaults = { ...NO_MAPPING, types: { employee: '1', visitor: '2' } }
    const mapping = resolveMapping(defaults, { types: { visitor: '9' }, groups: { a: ['A1', 'A2'], b: ['B1', 'A1'] } })
    assert.deepEqual(mapping.types, { employee: '1', visitor: '9' })
    assert.deepEqual(remoteGroupIds(mapping, makePerson({ groups: ['b', 'unmapped', 'a'] })), ['B1', 'A1', 'A2'])
  })
})

describe('credential cache', () => {
  test('concurrent pushes share one login; a refused credential is renewed once', async () => {
    let logins = 0
    const cache = new CredentialCache<Credential>(async () => {
      logins++
      await new Promise((resolve) => setTimeout(resolve, 10))
      return { value: `token-${logins}`, expiresAt: null }
    }, Date.now)
    const values = await Promise.all(Array.from({ length: 8 }, () => cache.get()))
    assert.equal(logins, 1)
    assert.deepEqual(new Set(values.map((v) => v.value)), new Set(['token-1']))

    let calls = 0
    const result = await cache.use(async (credential) => {
      calls++
      if (credential.value === 'token-1') throw new ConnectorFailure('reauth', 'expired')
      return credential.value
    })
    assert.equal(result, 'token-2')
    assert.equal(calls, 2)
    await assert.rejects(
      cache.use(async () => {
        throw new ConnectorFailure('reauth', 'still expired')
      }),
      /still expired/,
    )
  })

  test('a credential close to its expiry is renewed before use, passing the old one (Tuya refreshes it)', async () => {
    let now = 1_000_000
    const seen: Array<string | null> = []
    const cache = new CredentialCache<Credential>(async (previous) => {
      seen.push(previous?.value ?? null)
      return { value: `t${seen.length}`, expiresAt: now + 120_000 }
    }, () => now)
    await cache.get()
    await cache.get()
    now += 61_000
    assert.equal((await cache.get()).value, 't2')
    assert.deepEqual(seen, [null, 't1'])
  })
})

describe('http classification', () => {
  test('statuses classify as the issue says; Retry-After in seconds or as a date', () => {
    assert.deepEqual([200, 401, 403, 404, 408, 429, 500, 503].map(kindForStatus), [null, 'reauth', 'refused', 'refused', 'retry', 'retry', 'retry', 'retry'])
    assert.equal(retryAfterMs(new Headers({ 'Retry-After': '12' })), 12_000)
    const now = Date.parse('2025-03-01T08:00:00Z')
    assert.equal(retryAfterMs(new Headers({ 'Retry-After': 'Sat, 01 Mar 2025 08:00:30 GMT' }), now), 30_000)
    assert.equal(retryAfterMs(new Headers({})), undefined)
  })
})
