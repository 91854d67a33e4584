/**
 * The flat block of 128-d descriptors behind FaceIndex, and the squared distances from one query
 * to every row of it. PURE (no Node imports).
 *
 *   const block = createDescriptorBlock(capacity)          WebAssembly SIMD where it validates, else JS
 *   block.rows                                             Float32Array view (renewed by grow)
 *   block.grow(capacity)                                   keeps the rows
 *   block.squaredDistances(query, count, bound)            Float32Array view of `count` sums
 *
 * Why WebAssembly: a JS loop reads one float at a time; 100,000 rows × 128 numbers took ~20 ms
 * per search on this CPU, over the ≤ 20 ms goal. f32x4 does four at a time (bench/face.ts shows
 * both kernels side by side). Sums are float32: a descriptor distance of 0.5 is exact to ~1e-6,
 * far below what separates faces.
 */
import { DESCRIPTOR_LENGTH } from '../../../common/face/descriptor-length'
import { DISTANCE_KERNEL_WASM_BASE64 } from './distance-kernel.wasm'

export { DESCRIPTOR_LENGTH }
const ROW_BYTES = DESCRIPTOR_LENGTH * 4
const PAGE_BYTES = 65_536
// Memory layout of the WebAssembly kernel: query, then the rows, then the distances out.
const QUERY_OFFSET = 0
const ROWS_OFFSET = ROW_BYTES

export type DistanceKernel = 'wasm-simd' | 'js'

export interface DescriptorBlock {
  readonly kernel: DistanceKernel
  readonly capacity: number
  /** capacity × 128 float32; a new view after grow(). */
  readonly rows: Float32Array
  grow(capacity: number): void
  /**
   * Squared distance from `query` to each of the first `count` rows. The JS kernel may stop a row
   * once past `bound` and report that partial sum (still > bound). Valid until the next call or grow.
   */
  squaredDistances(query: Float32Array, count: number, bound: number): Float32Array
}

export function createDescriptorBlock(capacity: number, kernel: DistanceKernel | 'auto' = 'auto'): DescriptorBlock {
  if (kernel !== 'js') {
    const module = compiledKernel()
    if (module) return new WasmDescriptorBlock(module, capacity)
    if (kernel === 'wasm-simd') throw new Error('this runtime cannot run the WebAssembly SIMD distance kernel')
  }
  return new JsDescriptorBlock(capacity)
}

let compiled: WebAssembly.Module | null | undefined

function compiledKernel(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled
  compiled = null
  try {
    const bytes = Uint8Array.from(atob(DISTANCE_KERNEL_WASM_BASE64), (char) => char.charCodeAt(0))
    // Synchronous compilation is allowed for small modules on a browser's main thread (this is ~1.4 KB).
    if (typeof WebAssembly === 'object' && WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes)
  } catch {
    // No WebAssembly (or a CSP without 'wasm-unsafe-eval'): the JS kernel does the same work.
  }
  return compiled
}

type KernelFunction = (query: number, rows: number, count: number, out: number) => void

class WasmDescriptorBlock implements DescriptorBlock {
  readonly kernel = 'wasm-simd' as const
  capacity = 0
  rows!: Float32Array
  private readonly memory: WebAssembly.Memory
  private readonly run: KernelFunction

  constructor(module: WebAssembly.Module, capacity: number) {
    const instance = new WebAssembly.Instance(module, {})
    this.memory = instance.exports.memory as WebAssembly.Memory
    this.run = instance.exports.squaredDistances as KernelFunction
    this.grow(Math.max(1, capacity))
  }

  grow(capacity: number): void {
    if (capacity <= this.capacity) return
    const needed = ROWS_OFFSET + capacity * ROW_BYTES + capacity * 4
    const pages = Math.ceil(needed / PAGE_BYTES) - this.memory.buffer.byteLength / PAGE_BYTES
    if (pages > 0) this.memory.grow(pages)
    // The rows stay where they are; only the distances area after them moves.
    this.capacity = capacity
    this.rows = new Float32Array(this.memory.buffer, ROWS_OFFSET, capacity * DESCRIPTOR_LENGTH)
  }

  squaredDistances(query: Float32Array, count: number): Float32Array {
    if (count > this.capacity) throw new Error('more rows asked for than the block holds')
    new Float32Array(this.memory.buffer, QUERY_OFFSET, DESCRIPTOR_LENGTH).set(query)
    const out = ROWS_OFFSET + this.capacity * ROW_BYTES
    this.run(QUERY_OFFSET, ROWS_OFFSET, count, out)
    return new Float32Array(this.memory.buffer, out, count)
  }
}

class JsDescriptorBlock implements DescriptorBlock {
  readonly kernel = 'js' as const
  capacity: number
  rows: Float32Array
  private out = new Float32Array(0)

  constructor(capacity: number) {
    this.capacity = Math.max(1, capacity)
    this.rows = new Float32Array(this.capacity * DESCRIPTOR_LENGTH)
  }

  grow(capacity: number): void {
    if (capacity <= this.capacity) return
    const rows = new Float32Array(capacity * DESCRIPTOR_LENGTH)
    rows.set(this.rows)
    this.rows = rows
    this.capacity = capacity
  }

  squaredDistances(query: Float32Array, count: number, bound: number): Float32Array {
    if (this.out.length < count) this.out = new Float32Array(this.capacity)
    const rows = this.rows
    const out = this.out
    for (let row = 0, base = 0; row < count; row++, base += DESCRIPTOR_LENGTH) {
      // In blocks of 16, given up once past the bound: most of a register is far from any face.
      let sum = 0
      for (let i = 0; i < DESCRIPTOR_LENGTH && sum <= bound; ) {
        for (const end = i + 16; i < end; i += 4) {
          const d0 = rows[base + i] - query[i]
          const d1 = rows[base + i + 1] - query[i + 1]
          const d2 = rows[base + i + 2] - query[i + 2]
          const d3 = rows[base + i + 3] - query[i + 3]
          sum += d0 * d0 + d1 * d1 + d2 * d2 + d3 * d3
        }
      }
      out[row] = sum
    }
    return out.subarray(0, count)
  }
}
