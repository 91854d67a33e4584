import { randomBytes } from 'node:crypto'
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { ensurePrivateDirectory, writeFileDurably } from '../store/durable-file'

/**
 * What makes a data folder a site desk: `<data>/site/site.json` (present ⇔ site mode on) and the
 * desk's own id in `<data>/site/desk.json`, kept across join and leave so the ids it wrote into the
 * site's audit trail stay its own. The password lives in the secret vault under SITE_SECRET_KEY.
 */
export interface SiteConfig {
  /** The site's CouchDB, without credentials and without a trailing slash. */
  url: string
  user: string
  deskId: string
  joinedAt: string
  /** Database names start with it: `<prefix>-register`, `-photos`, `-audit`, `-push`. */
  prefix: string
  /** This desk writes the merged version of conflicting documents (until the pusher lease decides). */
  resolver?: boolean
}

export const SITE_SECRET_KEY = 'site'
export const DEFAULT_SITE_PREFIX = 'enroll'
export const SITE_DATABASES = ['register', 'photos', 'audit', 'push'] as const
export type SiteDatabaseName = (typeof SITE_DATABASES)[number]

export function siteDir(dataDir: string): string {
  return join(dataDir, 'site')
}

export function siteDatabaseName(config: Pick<SiteConfig, 'prefix'>, name: SiteDatabaseName): string {
  return `${config.prefix}-${name}`
}

export async function readSiteConfig(dataDir: string): Promise<SiteConfig | null> {
  return readJson<SiteConfig>(join(siteDir(dataDir), 'site.json'))
}

export async function writeSiteConfig(dataDir: string, config: SiteConfig): Promise<void> {
  await ensurePrivateDirectory(siteDir(dataDir))
  await writeFileDurably(join(siteDir(dataDir), 'site.json'), `${JSON.stringify(config, null, 2)}\n`)
}

export async function removeSiteConfig(dataDir: string): Promise<void> {
  await rm(join(siteDir(dataDir), 'site.json'), { force: true })
}

/** This desk's id: the one asked for, else the one it had, else a new random one. */
export async function deskIdFor(dataDir: string, wanted?: string): Promise<string> {
  const path = join(siteDir(dataDir), 'desk.json')
  const stored = await readJson<{ deskId: string }>(path)
  const deskId = wanted ?? stored?.deskId ?? `desk-${randomBytes(4).toString('hex')}`
  if (stored?.deskId !== deskId) {
    await ensurePrivateDirectory(siteDir(dataDir))
    await writeFileDurably(path, `${JSON.stringify({ deskId })}\n`)
  }
  return deskId
}

async function readJson<T>(path: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}
