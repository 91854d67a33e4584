/**
 * Fake-camera videos of a face the station was never tuned on: NASA's portrait from scikit-image
 * (scripts/nasa-portrait.ts), framed as a 1280×720 webcam sees a visitor at the desk (about 110 px
 * between the eyes), with a slight drift like a live person. Into test/fixtures/generated/face/
 * (git-ignored), beside make-face-fixtures' videos:
 *
 *   nasa-frontal.y4m   the portrait as shot: a frontal, evenly lit face, to be captured by itself
 *   nasa-dark.y4m      the same at 1/128 of the exposure (7 stops under): too dark for the
 *                      detector to find the face at any of the live input sizes
 *
 *   npx tsx scripts/make-portrait-videos.ts      or   await ensurePortraitVideos() from a test
 *   await nasaCameraFrame({ stops, blur })       one still camera frame (PNG), e.g. for unit tests
 *
 * Idempotent: a manifest records the recipe version; a second run with everything in place returns at once.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import sharp from 'sharp'
import { FACE_FIXTURES_DIR, writeDriftingVideo } from './make-face-fixtures'
import { ensureNasaPortrait } from './nasa-portrait'

/** Bump when a recipe changes: the next run rebuilds the videos. */
const RECIPE_VERSION = 1

export const PORTRAIT_VIDEOS = {
  nasaFrontal: 'nasa-frontal.y4m',
  nasaDark: 'nasa-dark.y4m',
} as const

/** A common webcam mode; 15 fps and 4 s keep each file near 80 MB (the fake camera loops it). */
export const CAMERA = { width: 1280, height: 720, fps: 15, seconds: 4 } as const

/** Stops under the portrait's exposure for the dark video (exposure × 2^−7). */
export const DARK_STOPS = 7

/**
 * The eye centres in the 512×512 original, as the station's detector finds them (image-left eye
 * (203.4, 100.3), image-right eye (246.1, 102.3): 42.7 px apart).
 */
const EYES = { midX: 224.74, midY: 101.32, distance: 42.74 }
/** Inter-eye distance in the camera frame, and where the eye midpoint sits (fractions of the frame). */
const FRAMING = { interEye: 110, midX: 0.5, midY: 0.42 }
/** Slack around the frame for the drift, in camera pixels. */
const DRIFT = 8

/**
 * Exposure in stops as a camera would change it: light is linear, the pixels are gamma-encoded
 * (≈ 2.2), so −n stops multiplies the values by 2^(−n/2.2).
 */
export function exposureFactor(stops: number): number {
  return Math.pow(2, stops / 2.2)
}

/**
 * The portrait scaled to the camera's framing on a canvas `slack` pixels larger on each side. The
 * original ends just above the hair and at the left shoulder: it is continued by mirroring, as a
 * plain studio backdrop would.
 */
async function framedPortrait(slack: number): Promise<Buffer> {
  const scale = FRAMING.interEye / EYES.distance
  const pad = 96
  const extended = await sharp(await ensureNasaPortrait())
    .extend({ top: pad, bottom: pad, left: pad, right: pad, extendWith: 'mirror' })
    .png()
    .toBuffer()
  const scaled = await sharp(extended)
    .resize(Math.round((512 + 2 * pad) * scale))
    .png()
    .toBuffer()
  const left = Math.round((EYES.midX + pad) * scale - CAMERA.width * FRAMING.midX - slack)
  const top = Math.round((EYES.midY + pad) * scale - CAMERA.height * FRAMING.midY - slack)
  return sharp(scaled)
    .extract({ left, top, width: CAMERA.width + 2 * slack, height: CAMERA.height + 2 * slack })
    .png()
    .toBuffer()
}

/** One still camera frame (no drift) as PNG: `stops` of exposure (negative: darker), `blur` a Gaussian σ in pixels. */
export async function nasaCameraFrame(options: { stops?: number; blur?: number } = {}): Promise<Buffer> {
  let image = sharp(await framedPortrait(0))
  if (options.stops) image = image.linear(exposureFactor(options.stops), 0)
  if (options.blur) image = image.blur(options.blur)
  return image.png().toBuffer()
}

async function buildVideos(dir: string): Promise<void> {
  const frontal = await framedPortrait(DRIFT)
  const stills: Record<keyof typeof PORTRAIT_VIDEOS, Buffer> = {
    nasaFrontal: frontal,
    nasaDark: await sharp(frontal).linear(exposureFactor(-DARK_STOPS), 0).png().toBuffer(),
  }
  for (const [key, png] of Object.entries(stills) as Array<[keyof typeof PORTRAIT_VIDEOS, Buffer]>) {
    // a few pixels of sway and nod, with periods that do not line up
    writeDriftingVideo(png, join(dir, PORTRAIT_VIDEOS[key]), CAMERA, { margin: DRIFT, x: [5, 1.9], y: [3, 2.7] })
  }
}

function upToDate(manifest: string): boolean {
  if (!existsSync(manifest)) return false
  try {
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: number }
    return version === RECIPE_VERSION && Object.values(PORTRAIT_VIDEOS).every((name) => existsSync(join(FACE_FIXTURES_DIR, name)))
  } catch {
    return false
  }
}

/** Builds into a fresh folder beside the target and renames the files in, so a half-built video is never seen. */
export async function ensurePortraitVideos(): Promise<{ [K in keyof typeof PORTRAIT_VIDEOS]: string }> {
  const manifest = join(FACE_FIXTURES_DIR, 'portrait-videos.json')
  if (!upToDate(manifest)) {
    const staging = `${FACE_FIXTURES_DIR}.portrait-videos.${process.pid}`
    rmSync(staging, { recursive: true, force: true })
    mkdirSync(staging, { recursive: true })
    try {
      await buildVideos(staging)
      mkdirSync(FACE_FIXTURES_DIR, { recursive: true })
      for (const name of Object.values(PORTRAIT_VIDEOS)) renameSync(join(staging, name), join(FACE_FIXTURES_DIR, name))
      writeFileSync(manifest, JSON.stringify({ version: RECIPE_VERSION, files: Object.values(PORTRAIT_VIDEOS) }, null, 2))
    } finally {
      rmSync(staging, { recursive: true, force: true })
    }
  }
  return Object.fromEntries(Object.entries(PORTRAIT_VIDEOS).map(([key, name]) => [key, join(FACE_FIXTURES_DIR, name)])) as {
    [K in keyof typeof PORTRAIT_VIDEOS]: string
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = Date.now()
  const videos = await ensurePortraitVideos()
  console.log(`portrait videos ready (${Date.now() - started} ms)`)
  for (const path of Object.values(videos)) console.log(`  ${path}`)
}
