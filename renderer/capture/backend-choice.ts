/**
 * Which TensorFlow backend runs the face models on this PC.
 *
 *   probeWebgl() → { available, renderer }     what WebGL this browser really has
 *   isSoftwareRenderer(renderer) → boolean      SwiftShader, llvmpipe and friends
 *   backendOrder(probe, forced?) → BackendName[]  tried in turn until one starts
 *
 * WebGL on a real GPU is the fastest. WebGL on a software rasteriser (headless Chromium, virtual
 * machines, GPU-less office PCs) is about 10× slower than the WASM backend with SIMD, so a software
 * renderer is detected by name and WASM goes first; the engine also times WebGL at start and falls
 * back when it is slow anyway (a GPU blocklisted into software mode under a hardware-looking name).
 * The CPU backend (plain JavaScript) is the last resort.
 */

export const BACKENDS = ['webgl', 'wasm', 'cpu'] as const
export type BackendName = (typeof BACKENDS)[number]

export interface WebglProbe {
  available: boolean
  /** The unmasked renderer string, e.g. "ANGLE (Intel, Mesa Intel(R) UHD Graphics 620…)" or "…SwiftShader…". */
  renderer: string | null
}

/** Renderer names of software rasterisers (Chromium's SwiftShader, Mesa's llvmpipe/softpipe, Windows' WARP). */
const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software|microsoft basic render|warp/i

export function isSoftwareRenderer(renderer: string | null): boolean {
  return renderer !== null && SOFTWARE_RENDERERS.test(renderer)
}

export function probeWebgl(): WebglProbe {
  try {
    const canvas = document.createElement('canvas')
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null
    if (!gl) return { available: false, renderer: null }
    const info = gl.getExtension('WEBGL_debug_renderer_info')
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER))
    gl.getExtension('WEBGL_lose_context')?.loseContext()
    return { available: true, renderer }
  } catch {
    return { available: false, renderer: null }
  }
}

export function backendOrder(probe: WebglProbe, forced?: BackendName | null): BackendName[] {
  if (forced) return [forced]
  if (!probe.available) return ['wasm', 'cpu']
  // On a software renderer WebGL still beats plain JavaScript, so it stays before the CPU.
  return isSoftwareRenderer(probe.renderer) ? ['wasm', 'webgl', 'cpu'] : ['webgl', 'wasm', 'cpu']
}

/** Where an admin (or the benchmark) pins a backend for diagnostics: localStorage key, value one of BACKENDS. */
export const FORCED_BACKEND_KEY = 'station.capture.backend'

export function forcedBackend(): BackendName | null {
  try {
    const value = localStorage.getItem(FORCED_BACKEND_KEY)
    return (BACKENDS as readonly string[]).includes(value ?? '') ? (value as BackendName) : null
  } catch {
    return null
  }
}
