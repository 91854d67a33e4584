import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DESCRIPTOR_LENGTH, FaceIndex } from '../../main/core/face/face-index'

/** A vector that is `offset` away from the base along one axis. */
function near(base: Float32Array, offset: number, axis = 0): Float32Array {
  const v = Float32Array.from(base)
  v[axis] += offset
  return v
}

const base = new Float32Array(DESCRIPTOR_LENGTH).fill(0.05)

for (const kernel of ['wasm-simd', 'js'] as const) describe(`FaceIndex (${kernel} kernel)`, () => {
  it('runs on the kernel it was asked for', () => {
    assert.equal(new FaceIndex(1, kernel).kernel, kernel)
  })

  it('returns matches nearest first, within maxDistance, at most limit', () => {
    const index = new FaceIndex(2, kernel)
    index.set('far', near(base, 0.9))
    index.set('close', near(base, 0.1))
    index.set('closer', near(base, 0.05, 3))
    index.set('middle', near(base, 0.3, 7))
    const matches = index.search(base, { maxDistance: 0.5, limit: 2 })
    assert.deepEqual(matches.map((m) => m.key), ['closer', 'close'])
    assert.ok(Math.abs(matches[0].distance - 0.05) < 1e-6)
    assert.deepEqual(index.search(base, { maxDistance: 0.5 }).map((m) => m.key), ['closer', 'close', 'middle'])
    assert.equal(index.size, 4)
  })

  it('puts blacklist entries within the threshold before closer ordinary ones', () => {
    const index = new FaceIndex(undefined, kernel)
    index.set('visitor', near(base, 0.05))
    index.set('banned', near(base, 0.4, 2), { blacklist: true })
    index.set('banned-far', near(base, 0.9, 2), { blacklist: true })
    const matches = index.search(base, { maxDistance: 0.6 })
    assert.deepEqual(matches.map((m) => [m.key, m.blacklist]), [['banned', true], ['visitor', false]])
    index.setBlacklist('banned', false)
    assert.deepEqual(index.search(base, { maxDistance: 0.6 }).map((m) => m.key), ['visitor', 'banned'])
  })

  it('replaces, removes (moving the last entry into the hole) and grows', () => {
    const index = new FaceIndex(1, kernel)
    for (let i = 0; i < 100; i++) index.set(`p${i}`, near(base, i / 10, i % DESCRIPTOR_LENGTH))
    assert.equal(index.size, 100)
    index.set('p5', near(base, 0.01))
    assert.equal(index.size, 100)
    assert.equal(index.remove('p0'), true)
    assert.equal(index.remove('p0'), false)
    assert.equal(index.has('p0'), false)
    assert.equal(index.size, 99)
    // p99 moved into p0's slot and is still found with its own vector.
    assert.ok(index.get('p99')!.every((v, i) => v === near(base, 9.9, 99 % DESCRIPTOR_LENGTH)[i]))
    assert.equal(index.search(base, { limit: 1 })[0].key, 'p5')
    assert.equal([...index.entries()].length, 99)
    assert.deepEqual(new Set(index.keys()), new Set([...index.entries()].map((e) => e.key)))
  })

  it('rejects descriptors of the wrong length', () => {
    const index = new FaceIndex(undefined, kernel)
    assert.throws(() => index.set('x', new Float32Array(64)), /128/)
    assert.throws(() => index.search(new Float32Array(3)), /128/)
  })
})
