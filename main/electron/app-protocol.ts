import { readFile } from 'node:fs/promises'
import type { CustomScheme, Protocol } from 'electron'
import { extname, isAbsolute, join, relative, resolve } from 'node:path'
import { photoPath } from '../core/photos/photo-files'
import { CONTENT_SECURITY_POLICY } from '../../common/security/content-security-policy'
import { APP_HOST, APP_SCHEME } from './app-origin'

/**
 * What app://station/<path> means, decided without touching the disk: the built renderer's
 * files, or a stored face photo at /photos/<sha256>.jpg. Anything that could step outside those
 * two folders (dot segments, encoded separators, drive letters, NUL) is refused here, before any
 * path is joined.
 */
export type AppResource =
  | { kind: 'file'; path: string; contentType: string; fallbackToIndex: boolean }
  | { kind: 'photo'; path: string; contentType: 'image/jpeg' }
  | { kind: 'refused'; status: 400 | 403 | 404 | 405; reason: string }

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

const PHOTO_PATH = /^\/photos\/([0-9a-f]{64})\.jpg$/

export function resolveAppUrl(url: string, rendererDir: string, dataDir: string): AppResource {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { kind: 'refused', status: 400, reason: 'not a URL' }
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.hostname !== APP_HOST || parsed.port || parsed.username || parsed.password) {
    return { kind: 'refused', status: 403, reason: `not this station's origin: ${url}` }
  }
  let pathname: string
  try {
    pathname = decodeURIComponent(parsed.pathname)
  } catch {
    return { kind: 'refused', status: 400, reason: 'malformed percent-encoding' }
  }
  // The URL parser already removed literal dot segments; what is left after decoding came in
  // encoded, which no page of ours ever asks for.
  const segments = pathname.split('/').slice(1)
  if (/[\\\0:]/.test(pathname) || segments.some((segment) => segment === '..' || segment === '.')) {
    return { kind: 'refused', status: 403, reason: 'path leaves the app folder' }
  }

  const photo = PHOTO_PATH.exec(pathname)
  if (photo) return { kind: 'photo', path: photoPath(dataDir, photo[1]), contentType: 'image/jpeg' }
  if (pathname.startsWith('/photos/')) return { kind: 'refused', status: 404, reason: 'no such photo' }

  const wanted = pathname === '/' || pathname === '' ? '/index.html' : pathname
  const root = resolve(rendererDir)
  const path = resolve(join(root, ...wanted.split('/').filter(Boolean)))
  const inside = relative(root, path)
  if (!inside || inside.startsWith('..') || isAbsolute(inside)) return { kind: 'refused', status: 403, reason: 'path leaves the app folder' }
  const extension = extname(path).toLowerCase()
  return {
    kind: 'file',
    path,
    contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
    // A path without an extension is a client-side route: the single page answers it.
    fallbackToIndex: extension === '',
  }
}

/** Headers on every app:// response, errors included: the CSP travels with the document. */
export function appResponseHeaders(contentType: string, cache: 'no-store' | 'immutable' | 'revalidate'): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': cache === 'no-store' ? 'no-store' : cache === 'immutable' ? 'private, max-age=31536000, immutable' : 'no-cache',
  }
}

export interface AppFolders {
  rendererDir: string
  dataDir: string
}

/**
 * The body of Electron's protocol.handle('app', …), written against the standard Request and
 * Response so it runs (and is tested) in plain Node as well.
 */
export async function respondToAppRequest(request: { url: string; method: string }, folders: AppFolders): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405, 'only GET and HEAD')
  const resource = resolveAppUrl(request.url, folders.rendererDir, folders.dataDir)
  if (resource.kind === 'refused') return refusal(resource.status, resource.reason)

  if (resource.kind === 'photo') {
    const bytes = await readOrNull(resource.path)
    if (!bytes) return refusal(404, 'no such photo')
    return reply(request, bytes, appResponseHeaders(resource.contentType, 'immutable'))
  }

  let bytes = await readOrNull(resource.path)
  let contentType = resource.contentType
  if (!bytes && resource.fallbackToIndex) {
    bytes = await readOrNull(join(resolve(folders.rendererDir), 'index.html'))
    contentType = CONTENT_TYPES['.html']
  }
  if (!bytes) return refusal(404, 'not found')
  return reply(request, bytes, appResponseHeaders(contentType, contentType.startsWith('text/html') ? 'no-store' : 'revalidate'))
}

function reply(request: { method: string }, bytes: Buffer, headers: Record<string, string>): Response {
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(bytes), { status: 200, headers: { ...headers, 'Content-Length': String(bytes.length) } })
}

function refusal(status: number, reason: string): Response {
  return new Response(reason, { status, headers: appResponseHeaders('text/plain; charset=utf-8', 'no-store') })
}

async function readOrNull(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path)
  } catch {
    return null
  }
}

/**
 * app: behaves like https for the page (secure context, so getUserMedia and WASM streaming
 * work; fetch works for the models) without bypassing the CSP or opening CORS to anyone.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true, bypassCSP: false, corsEnabled: false, allowServiceWorkers: false, stream: false },
}

/** Must run before the app is ready. */
export function registerAppScheme(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES])
}

export function serveAppProtocol(protocol: Protocol, folders: AppFolders): void {
  protocol.handle(APP_SCHEME, (request) => respondToAppRequest(request, folders))
}
