import { createHash, createHmac } from 'node:crypto'

/**
 * Tuya cloud request signing (the algorithm for projects created after 2021-06-30):
 *   stringToSign = METHOD \n SHA256(body) \n signedHeaders \n url
 *   str  = client_id [+ access_token] + t + nonce + stringToSign
 *   sign = HMAC-SHA256(str, secret), hex, upper case
 * `signedHeaders` is "name:value\n" per header listed in Signature-Headers (empty when none);
 * `url` is the path plus the query with its keys sorted, values not percent-encoded.
 * Source: https://developer.tuya.com/en/docs/iot/new-singnature?id=Kbw0q34cs2e5g (its worked
 * example is reproduced in test/connectors/tuya-sign.test.ts).
 */
export interface TuyaSignInput {
  clientId: string
  secret: string
  /** Absent for the token calls (get and refresh token). */
  accessToken?: string
  t: string
  nonce: string
  method: string
  /** Path with the query already in canonical form, see `canonicalUrl`. */
  url: string
  body: string
  signedHeaders?: Array<[string, string]>
}

export const EMPTY_BODY_SHA256 = createHash('sha256').update('').digest('hex')

export function stringToSign(method: string, body: string, url: string, signedHeaders: Array<[string, string]> = []): string {
  const contentHash = body === '' ? EMPTY_BODY_SHA256 : createHash('sha256').update(body, 'utf8').digest('hex')
  const headers = signedHeaders.map(([name, value]) => `${name}:${value}\n`).join('')
  return `${method.toUpperCase()}\n${contentHash}\n${headers}\n${url}`
}

export function tuyaSign(input: TuyaSignInput): string {
  const str = input.clientId + (input.accessToken ?? '') + input.t + input.nonce + stringToSign(input.method, input.body, input.url, input.signedHeaders)
  return createHmac('sha256', input.secret).update(str, 'utf8').digest('hex').toUpperCase()
}

/** "/path?b=2&a=1" → "/path?a=1&b=2", the form both sides sign. */
export function canonicalUrl(path: string, query: Iterable<[string, string]>): string {
  const pairs = [...query].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return pairs.length === 0 ? path : `${path}?${pairs.map(([key, value]) => `${key}=${value}`).join('&')}`
}
