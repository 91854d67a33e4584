/**
 * One policy for the renderer, whether Electron serves it over app:// or the loopback host over
 * http://127.0.0.1. 'wasm-unsafe-eval' is the one relaxation: TensorFlow's WASM backend for the
 * face models compiles WebAssembly. blob:/data: images are camera captures and previews.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')
