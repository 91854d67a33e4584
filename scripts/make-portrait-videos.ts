/**
 * Fake-camera videos of a face the station was never tuned on and no other test uses: the US Navy's
 * portrait of Grace Hopper (scripts/hopper-portrait.ts), framed as a 1280×720 webcam sees a visitor
 * at the desk (about 110 px between the eyes), with a slight drift like a live person. Into
 * test/fixtures/generated/face/ (git-ignored), beside make-face-fixtures' videos:
 *
 *   hopper-frontal.y4m   the portrait as shot: a frontal, evenly lit face, to be captured by itself
 *   hopper-dark.y4m      the same at 1/256 of the exposure (8 stops under): too dark for the
 *                        detector to find the face at any of the live input sizes
 *
 *   npx tsx scripts/make-portrait-videos.ts            or   await ensurePortraitVideos() from a test
 *   await cameraFrame(portrait, { stops, blur })       one still camera frame (PNG) of Hopper's or
 *                                                      NASA's portrait, e.g. for unit tests
 *
 * Idempotent: a manifest records the recipe version; a second run with everything in place returns at once.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import sharp from 'sharp'
import { ensureHopperPortrait } from './hopper-portrait'
import { FACE_FIXTURES_DIR, writeDriftingVideo } from './make-face-fixtures'
import { ensureNasaPortrait } from './nasa-portrait'

/** Bump when a recipe changes: the next run rebuilds the videos. */
const RECIPE_VERSION = 2

export const PORTRAIT_VIDEOS = {
  hopperFrontal: 'hopper-frontal.y4m',
  hopperDark: 'hopper-dark.y4m',
} as const

/** A common webcam mode; 15 fps and 4 s keep each file near 80 MB (the fake camera loops it). */
export const CAMERA = { width: 1280, height: 720, fps: 15, seconds: 4 } as const

/** Stops under the portrait's exposure for the dark video (exposure × 2^−8): at 7.5 the detector still finds the face now and then at its largest live input size. */
export const DARK_STOPS = 8

interface Portrait {
  file(): Promise<string>
  /** The eye centres' midpoint and distance in the original, as the station's detector finds them. */
  eyes: { midX: number; midY: number; distance: number }
  /**
   * How the original is continued where the camera sees beyond it: mirrored (a plain studio
   * backdrop) when the face is far from the edges; else its edge pixels drawn out and blurred like
   * a background out of focus, so that no mirror image of the face appears.
   */
  extendWith: 'mirror' | 'blur'
}

export const PORTRAITS = {
  /** 512×600; eyes at (219.1, 191.4) and (310.6, 184.9), 91.7 px apart. */
  hopper: { file: ensureHopperPortrait, eyes: { midX: 264.86, midY: 188.15, distance: 91.68 }, extendWith: 'blur' },
  /** 512×512; eyes at (203.4, 100.3) and (246.1, 102.3), 42.7 px apart. */
  nasa: { file: ensureNasaPortrait, eyes: { midX: 224.74, midY: 101.32, distance: 42.74 }, extendWith: 'mirror' },
} as const satisfies Record<string, Portrait>

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

/** The portrait scaled to the camera's framing on a canvas `slack` pixels larger on each side. */
async function framedPortrait(portrait: Portrait, slack: number): Promise<Buffer> {
  const { eyes } = portrait
  const scale = FRAMING.interEye / eyes.distance
  // enough of the original's surroundings for the whole frame, whatever the scale
  const pad = Math.ceil(Math.max(CAMERA.width, CAMERA.height) / scale)
  const original = await sharp(await portrait.file()).png().toBuffer()
  const extend = { top: pad, bottom: pad, left: pad, right: pad }
  const extended =
    portrait.extendWith === 'mirror'
      ? await sharp(original).extend({ ...extend, extendWith: 'mirror' }).png().toBuffer()
      : await sharp(await sharp(original).extend({ ...extend, extendWith: 'copy' }).blur(40).png().toBuffer())
          .composite([{ input: original, left: pad, top: pad }])
          .png()
          .toBuffer()
  const scaled = await sharp(extended)
    .resize(Math.round(((await sharp(original).metadata()).width! + 2 * pad) * scale))
    .png()
    .toBuffer()
  const left = Math.round((eyes.midX + pad) * scale - CAMERA.width * FRAMING.midX - slack)
  const top = Math.round((eyes.midY + pad) * scale - CAMERA.height * FRAMING.midY - slack)
  return sharp(scaled)
    .extract({ left, top, width: CAMERA.width + 2 * slack, height: CAMERA.height + 2 * slack })
    .png()
    .toBuffer()
}

const stillFrames = new Map<keyof typeof PORTRAITS, Promise<Buffer>>()

/** One still camera frame (no drift) as PNG: `stops` of exposure (negative: darker), `blur` a Gaussian σ in pixels. */
export async function cameraFrame(portrait: keyof typeof PORTRAITS, options: { stops?: number; blur?: number } = {}): Promise<Buffer> {
  if (!stillFrames.has(portrait)) stillFrames.set(portrait, framedPortrait(PORTRAITS[portrait], 0))
  let image = sharp(await stillFrames.get(portrait)!)
  if (options.stops) image = image.linear(exposureFactor(options.stops), 0)
  if (options.blur) image = image.blur(options.blur)
  return image.png().toBuffer()
}

async function buildVideos(dir: string): Promise<void> {
  const frontal = await framedPortrait(PORTRAITS.hopper, DRIFT)
  const stills: Record<keyof typeof PORTRAIT_VIDEOS, Buffer> = {
    hopperFrontal: frontal,
    hopperDark: await sharp(frontal).linear(exposureFactor(-DARK_STOPS), 0).png().toBuffer(),
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
