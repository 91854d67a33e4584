import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { DESCRIPTOR_LENGTH, FaceIndex } from '../../main/core/face/face-index'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** Deterministic pseudo-random unit vectors (a small LCG), so a failure can be replayed. */
function unitVectors(count: number, seed: number): Float32Array {
  let state = seed
  const out = new Float32Array(count * DESCRIPTOR_LENGTH)
  for (let i = 0; i < out.length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648
    out[i] = state / 2147483648 - 0.5
  }
  for (let row = 0; row < count; row++) {
    const vector = out.subarray(row * DESCRIPTOR_LENGTH, (row + 1) * DESCRIPTOR_LENGTH)
    const norm = Math.hypot(...vector)
    for (let i = 0; i < DESCRIPTOR_LENGTH; i++) vector[i] /= norm
  }
  return out
}

function exactDistance(a: Float32Array, b: Float32Array): number {
  let sum = 0
  for (let i = 0; i < DESCRIPTOR_LENGTH; i++) sum += (a[i] - b[i]) ** 2
  return Math.sqrt(sum)
}

describe('distance kernel', () => {
  it('the committed WebAssembly module is what scripts/build-distance-kernel.ts generates', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-distance-kernel.ts', '--check'], { cwd: root, encoding: 'utf8' })
    assert.equal(run.status, 0, run.stderr)
  })

  it('the WebAssembly SIMD and JS kernels find the same matches at the same distances as a plain computation', () => {
    const count = 3000
    const vectors = unitVectors(count, 11)
    const indexes = (['wasm-simd', 'js'] as const).map((kernel) => new FaceIndex(16, kernel))
    for (const index of indexes) {
      // Grows from 16 rows several times on the way, and loses some rows to removal.
      for (let n = 0; n < count; n++) index.set(`p${n}`, vectors.subarray(n * DESCRIPTOR_LENGTH, (n + 1) * DESCRIPTOR_LENGTH), { blacklist: n % 97 === 0 })
      for (let n = 0; n < count; n += 7) index.remove(`p${n}`)
    }
    const queries = unitVectors(20, 5)
    for (let q = 0; q < 20; q++) {
      // A query near row 7q + 3 (kept: rows 7q were removed), so there is a close match.
      const query = Float32Array.from(queries.subarray(q * DESCRIPTOR_LENGTH, (q + 1) * DESCRIPTOR_LENGTH), (v, i) => 0.2 * v + vectors[(7 * q + 3) * DESCRIPTOR_LENGTH + i])
      const expected = Array.from({ length: count }, (_, n) => ({ key: `p${n}`, distance: exactDistance(query, vectors.subarray(n * DESCRIPTOR_LENGTH, (n + 1) * DESCRIPTOR_LENGTH)) }))
        .filter(({ key }) => indexes[0].has(key))
        .sort((a, b) => a.distance - b.distance)
      for (const index of indexes) {
        // Every blacklist entry (~27 here) comes first, then the nearest ordinary ones fill the rest.
        const found = index.search(query, { limit: 60, maxDistance: Infinity })
        const flagged = expected.filter(({ key }) => index.isBlacklisted(key))
        const wanted = [...flagged, ...expected.filter(({ key }) => !index.isBlacklisted(key))].slice(0, 60)
        assert.ok(flagged.length > 20 && flagged.length < 40)
        assert.deepEqual(found.map((m) => m.key), wanted.map((m) => m.key), `${index.kernel}, query ${q}`)
        for (const [n, match] of found.entries()) assert.ok(Math.abs(match.distance - wanted[n].distance) < 1e-5, `${index.kernel}: ${match.distance} vs ${wanted[n].distance}`)
        assert.equal(found[found.findIndex((m) => !m.blacklist)].key, `p${7 * q + 3}`)
      }
    }
  })
})
