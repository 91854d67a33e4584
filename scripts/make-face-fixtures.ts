/**
 * Builds the face test fixtures into test/fixtures/generated/face/ (git-ignored) from the demo
 * photos shipped in @vladmandic/face-api. Idempotent: a manifest records the recipe version, so a
 * second run with everything in place returns at once.
 *
 *   npx tsx scripts/make-face-fixtures.ts [--videos]      from the command line
 *   await ensureFaceFixtures({ videos: true })            from a test (returns absolute paths)
 *
 * Stills (Node tests): portraits of person A (a frontal face that passes the gate), the same person
 * in a second, different picture, B and C (other people), A as PNG, WebP, EXIF-rotated, dark and
 * blurred, two faces side by side, a scene without a face, a corrupt and a truncated file, and a
 * 48-megapixel PNG.
 * Videos (fake camera for Chromium, --use-file-for-fake-video-capture): 640×480 Y4M, 15 fps, 5 s,
 * with a slight drift like a live person: good (A), no face, two faces, dark, blurred.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import sharp from 'sharp'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
export const FACE_FIXTURES_DIR = join(ROOT, 'test', 'fixtures', 'generated', 'face')
/** Bump when a recipe changes: the next run rebuilds everything. */
const RECIPE_VERSION = 4

export const STILLS = {
  faceA: 'face-a.jpg',
  faceAAgain: 'face-a-again.jpg',
  faceAPng: 'face-a.png',
  faceAWebp: 'face-a.webp',
  faceAExif: 'face-a-exif6.jpg',
  faceADark: 'face-a-dark.jpg',
  faceABlurred: 'face-a-blurred.jpg',
  faceB: 'face-b.jpg',
  faceC: 'face-c.jpg',
  twoFaces: 'two-faces.jpg',
  noFace: 'no-face.jpg',
  corrupt: 'corrupt.jpg',
  truncated: 'truncated.jpg',
  huge: 'huge.png',
} as const

export const VIDEOS = {
  good: 'good.y4m',
  noFace: 'no-face.y4m',
  twoFaces: 'two-faces.y4m',
  dark: 'dark.y4m',
  blurred: 'blurred.y4m',
} as const

export const VIDEO_SIZE = { width: 640, height: 480, fps: 15, seconds: 5 } as const

export type FaceFixtures = { [K in keyof typeof STILLS]: string } & { videos?: { [K in keyof typeof VIDEOS]: string } }

const demoDir = dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/demo/sample1.jpg'))
const demo = (n: number) => join(demoDir, `sample${n}.jpg`)

/**
 * Faces picked by looking at the demo photos (boxes from face-api's SSD detector, full resolution):
 * A is the most frontal face of the set (yaw ≈ 6°, pitch ≈ −5°), B is frontal enough to pass,
 * C is someone else again (head tipped down; only used as "a different person").
 */
const PERSON = {
  A: { photo: 5, box: { x: 377, y: 859, width: 172, height: 301 } },
  B: { photo: 5, box: { x: 1113, y: 198, width: 158, height: 236 } },
  C: { photo: 6, box: { x: 1180, y: 305, width: 188, height: 280 } },
} as const
type Person = (typeof PERSON)[keyof typeof PERSON]

/**
 * The region of a 3:4 portrait around a face: `framing` face widths wide, the face a little above
 * the middle, cut to the photo's edges.
 */
export function portraitRegion(box: { x: number; y: number; width: number; height: number }, framing: number, photoSize: { width: number; height: number }) {
  const width = Math.round(box.width * framing)
  const height = Math.round((width * 4) / 3)
  const left = Math.max(0, Math.round(box.x + box.width / 2 - width / 2))
  const top = Math.max(0, Math.round(box.y + box.height * 0.45 - height * 0.45))
  return { left, top, width: Math.min(width, photoSize.width - left), height: Math.min(height, photoSize.height - top) }
}

/** A 3:4 portrait around a face (see portraitRegion), scaled by `scale`. */
async function portrait(person: Person, framing: number, scale: number) {
  const { photo, box } = person
  const meta = await sharp(demo(photo)).metadata()
  const region = portraitRegion(box, framing, { width: meta.width!, height: meta.height! })
  return sharp(demo(photo)).extract(region).resize({ width: Math.round(region.width * scale) })
}

/** A scene `size` big around a face, the face's box centre at (cx, cy) as fractions of the scene. */
async function scene(person: Person, size: { width: number; height: number }, faceShare: number, cx = 0.5, cy = 0.42) {
  const { photo, box } = person
  const meta = await sharp(demo(photo)).metadata()
  const scale = (size.width * faceShare) / box.width
  const width = Math.round(size.width / scale)
  const height = Math.round(size.height / scale)
  const left = Math.round(box.x + box.width / 2 - width * cx)
  const top = Math.round(box.y + box.height / 2 - height * cy)
  const inside = { left: Math.max(0, left), top: Math.max(0, top) }
  const region = { ...inside, width: Math.min(width - (inside.left - left), meta.width! - inside.left), height: Math.min(height - (inside.top - top), meta.height! - inside.top) }
  // Letterbox what the photo does not cover.
  const pad = {
    left: inside.left - left,
    top: inside.top - top,
    right: width - region.width - (inside.left - left),
    bottom: height - region.height - (inside.top - top),
  }
  const cut = await sharp(demo(photo))
    .extract(region)
    .extend({ ...pad, background: '#000000' })
    .png()
    .toBuffer()
  return sharp(cut).resize(size.width, size.height, { fit: 'fill' })
}

const JPEG = { quality: 92 } as const

async function buildStills(dir: string): Promise<void> {
  const write = (name: string, data: Buffer | string) => writeFileSync(join(dir, name), data)
  const faceA = await (await portrait(PERSON.A, 2.2, 2)).jpeg(JPEG).toBuffer()
  write(STILLS.faceA, faceA)
  // Same person, another picture: wider framing, smaller, brighter, head turned 5°, stronger JPEG.
  write(
    STILLS.faceAAgain,
    await (await portrait(PERSON.A, 3, 1.2)).modulate({ brightness: 1.15 }).rotate(5, { background: '#808080' }).jpeg({ quality: 80 }).toBuffer(),
  )
  write(STILLS.faceAPng, await sharp(faceA).png().toBuffer())
  write(STILLS.faceAWebp, await sharp(faceA).webp({ quality: 90 }).toBuffer())
  // Pixels stored turned a quarter to the left; EXIF orientation 6 says "turn right to display".
  write(STILLS.faceAExif, await sharp(faceA).rotate(-90).withMetadata({ orientation: 6 }).jpeg(JPEG).toBuffer())
  write(STILLS.faceADark, await sharp(faceA).linear(0.3, 0).jpeg(JPEG).toBuffer())
  write(STILLS.faceABlurred, await sharp(faceA).blur(7).jpeg(JPEG).toBuffer())
  write(STILLS.faceB, await (await portrait(PERSON.B, 2.2, 2)).jpeg(JPEG).toBuffer())
  write(STILLS.faceC, await (await portrait(PERSON.C, 2.2, 2)).jpeg(JPEG).toBuffer())
  write(STILLS.twoFaces, await twoFaces(800, 600).then((image) => image.jpeg(JPEG).toBuffer()))
  write(STILLS.noFace, await noFaceScene(640, 480).then((image) => image.jpeg(JPEG).toBuffer()))
  // Deterministic noise: not an image at all.
  const noise = Buffer.alloc(16_384)
  for (let i = 0, seed = 12345; i < noise.length; i++) noise[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24
  write(STILLS.corrupt, noise)
  write(STILLS.truncated, faceA.subarray(0, Math.floor(faceA.length * 0.4)))
  // 8000×6000 = 48 MP of one colour: a few KB as PNG, refused before decoding.
  write(STILLS.huge, await sharp({ create: { width: 8000, height: 6000, channels: 3, background: '#7f7f7f' } }).png({ compressionLevel: 9 }).toBuffer())
}

async function twoFaces(width: number, height: number) {
  const half = { width: width / 2, height }
  const left = await (await scene(PERSON.A, half, 0.5)).png().toBuffer()
  const right = await (await scene(PERSON.B, half, 0.5)).png().toBuffer()
  return sharp({ create: { width, height, channels: 3, background: '#000000' } }).composite([
    { input: left, left: 0, top: 0 },
    { input: right, left: width / 2, top: 0 },
  ])
}

/** The blinds of sample 6, above everybody's head: texture, no face (checked at every detector size). */
async function noFaceScene(width: number, height: number) {
  return sharp(demo(6)).extract({ left: 0, top: 0, width: 520, height: 390 }).resize(width, height, { fit: 'fill' })
}

/** Slack around the 640×480 picture, so the crop window can drift like a live person. */
const DRIFT = 8

async function buildVideos(dir: string): Promise<void> {
  const { width, height } = VIDEO_SIZE
  const canvas = { width: width + 2 * DRIFT, height: height + 2 * DRIFT }
  const good = await (await scene(PERSON.A, canvas, 0.25)).png().toBuffer()
  const stills: Record<keyof typeof VIDEOS, Buffer> = {
    good,
    noFace: await (await noFaceScene(canvas.width, canvas.height)).png().toBuffer(),
    twoFaces: await (await twoFaces(canvas.width, canvas.height)).png().toBuffer(),
    dark: await sharp(good).linear(0.3, 0).png().toBuffer(),
    blurred: await sharp(good).blur(5).png().toBuffer(),
  }
  for (const [key, png] of Object.entries(stills) as Array<[keyof typeof VIDEOS, Buffer]>) {
    writeDriftingVideo(png, join(dir, VIDEOS[key]), VIDEO_SIZE, { margin: DRIFT, x: [3, 1.7], y: [2, 2.3] })
  }
}

/**
 * A still `margin` px larger than `video` on each side, played as a Y4M video whose window sways
 * by `x` = [pixels, period in seconds] across and `y` up and down, like a person sitting still.
 */
export function writeDriftingVideo(
  png: Buffer,
  path: string,
  video: { width: number; height: number; fps: number; seconds: number },
  drift: { margin: number; x: [number, number]; y: [number, number] },
): void {
  const still = `${path}.still.png`
  writeFileSync(still, png)
  const { margin, x, y } = drift
  const crop = `crop=${video.width}:${video.height}:'${margin}+${x[0]}*sin(2*PI*t/${x[1]})':'${margin}+${y[0]}*sin(2*PI*t/${y[1]})'`
  const result = spawnSync(
    'ffmpeg',
    [
      '-hide_banner', '-loglevel', 'error', '-y',
      '-loop', '1', '-framerate', String(video.fps), '-i', still,
      '-vf', crop, '-t', String(video.seconds), '-pix_fmt', 'yuv420p', '-f', 'yuv4mpegpipe',
      path,
    ],
    { encoding: 'utf8' },
  )
  rmSync(still, { force: true })
  if (result.status !== 0) throw new Error(`ffmpeg failed for ${path}: ${result.error?.message ?? result.stderr}`)
}

function inDir<T extends Record<string, string>>(dir: string, names: T): { [K in keyof T]: string } {
  return Object.fromEntries(Object.entries(names).map(([key, name]) => [key, join(dir, name)])) as { [K in keyof T]: string }
}

function upToDate(manifest: string, names: readonly string[], dir: string): boolean {
  if (!existsSync(manifest)) return false
  try {
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: number }
    return version === RECIPE_VERSION && names.every((name) => existsSync(join(dir, name)))
  } catch {
    return false
  }
}

/** Builds into a fresh folder beside the target and renames it in, so a half-built set is never seen. */
async function buildPart(kind: 'stills' | 'videos', names: readonly string[], build: (dir: string) => Promise<void>): Promise<void> {
  const manifest = join(FACE_FIXTURES_DIR, `${kind}.json`)
  if (upToDate(manifest, names, FACE_FIXTURES_DIR)) return
  const staging = `${FACE_FIXTURES_DIR}.${kind}.${process.pid}`
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(staging, { recursive: true })
  try {
    await build(staging)
    mkdirSync(FACE_FIXTURES_DIR, { recursive: true })
    for (const name of names) renameSync(join(staging, name), join(FACE_FIXTURES_DIR, name))
    writeFileSync(manifest, JSON.stringify({ version: RECIPE_VERSION, files: names }, null, 2))
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
}

export async function ensureFaceFixtures(options: { videos?: boolean } = {}): Promise<FaceFixtures> {
  await buildPart('stills', Object.values(STILLS), buildStills)
  if (options.videos) await buildPart('videos', Object.values(VIDEOS), buildVideos)
  const stills = inDir(FACE_FIXTURES_DIR, STILLS)
  return options.videos ? { ...stills, videos: inDir(FACE_FIXTURES_DIR, VIDEOS) } : stills
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = Date.now()
  const fixtures = await ensureFaceFixtures({ videos: process.argv.includes('--videos') })
  console.log(`face fixtures ready in ${FACE_FIXTURES_DIR} (${Date.now() - started} ms)`)
  if (fixtures.videos) for (const path of Object.values(fixtures.videos)) console.log(`  ${path}`)
}
