import assert from 'node:assert/strict'
import { test } from 'node:test'
import { canonicalUrl, stringToSign, tuyaSign } from '../../main/core/connectors/tuya/sign'

/**
 * The worked example of Tuya's "Sign Requests" page (new algorithm):
 * https://developer.tuya.com/en/docs/iot/new-singnature?id=Kbw0q34cs2e5g
 * Its parameters, including the two Signature-Headers it signs (area_id, call_id), and its two
 * published results. Not derived from our code or our simulator.
 */
const EXAMPLE = {
  clientId: '1KAD46OrT9HafiKdsXeg',
  secret: '4OHBOnWOqaEC1mWXOpVL3yV50s0qGSRC',
  accessToken: '3f4eda2bdec17232f67c0b188af3eec1',
  t: '1588925778000',
  nonce: '5138cc3a9033d69856923fd07b491173',
  signedHeaders: [
    ['area_id', '29a33e8796834b1efa6'],
    ['call_id', '8afdb70ab2ed11eb85290242ac130003'],
  ] as Array<[string, string]>,
}

test('the token request of Tuya’s worked example signs to the published value', () => {
  const sign = tuyaSign({ ...EXAMPLE, accessToken: undefined, method: 'GET', url: '/v1.0/token?grant_type=1', body: '' })
  assert.equal(sign, '9E48A3E93B302EEECC803C7241985D0A34EB944F40FB573C7B5C2A82158AF13E')
})

test('the business request of Tuya’s worked example signs to the published value, query sorted', () => {
  const url = canonicalUrl('/v2.0/apps/schema/users', [
    ['page_size', '50'],
    ['page_no', '1'],
  ])
  assert.equal(url, '/v2.0/apps/schema/users?page_no=1&page_size=50')
  const sign = tuyaSign({ ...EXAMPLE, method: 'GET', url, body: '' })
  assert.equal(sign, 'AE4481C692AA80B25F3A7E12C3A5FD9BBF6251539DD78E565A1A72A508A88784')
})

test('stringToSign has the layout of the document: method, body hash, headers, url', () => {
  assert.equal(
    stringToSign('post', '{"a":1}', '/v1.0/x', []),
    'POST\n015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862\n\n/v1.0/x',
  )
})
