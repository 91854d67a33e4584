import { fileURLToPath } from 'node:url'
import { defineConfig, type Plugin, type UserConfig } from 'vite'
import react from '@vitejs/plugin-react'
import { CONTENT_SECURITY_POLICY } from '../common/security/content-security-policy.js'
import { faceAssets } from './build/face-assets.js'

const rendererRoot = fileURLToPath(new URL('.', import.meta.url))
const repoRoot = fileURLToPath(new URL('..', import.meta.url))

/**
 * The built page carries the same policy as the HTTP header, from the one constant, so the two
 * never drift. A <meta> policy ignores frame-ancestors (browsers warn about it), so that directive
 * stays header-only. Only in builds: the dev server injects inline scripts the policy forbids.
 */
function contentSecurityPolicyMeta(): Plugin {
  const metaPolicy = CONTENT_SECURITY_POLICY.split('; ')
    .filter((directive) => !directive.startsWith('frame-ancestors'))
    .join('; ')
  return {
    name: 'station-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: metaPolicy }, injectTo: 'head-prepend' }],
  }
}

/** Exported as an object so electron.vite.config.ts can reuse it for its renderer build. */
export const rendererConfig: UserConfig = {
  root: rendererRoot,
  // relative asset URLs: the same build loads from app://station/ and from http://127.0.0.1:<port>/
  base: './',
  plugins: [react(), contentSecurityPolicyMeta(), faceAssets()],
  build: {
    outDir: `${repoRoot}out/renderer`,
    emptyOutDir: true,
    target: 'chrome120',
    chunkSizeWarningLimit: 1500,
  },
  server: { fs: { allow: [repoRoot] } },
}

export default defineConfig(rendererConfig)
