/**
 * The face library: every face of the six demo group photos shipped in @vladmandic/face-api, cut
 * out as its own 3:4 portrait, split by person into a tuning half and a check half; plus portraits
 * from outside the demo photos for the acceptance checks. Built into
 * test/fixtures/generated/face-library/ (git-ignored), idempotent (a manifest records the recipe).
 *
 *   npx tsx scripts/make-face-library.ts        from the command line
 *   await ensureFaceLibrary()                   from a test or the benchmark
 *
 * Halves: the faces of each photo are taken left to right and dealt alternately, starting with the
 * tuning half on odd-numbered photos and the check half on even ones, so each half holds about half
 * of every scene's light and camera, and nobody is in both. Limits and model choices are made on
 * the tuning half only; the check half only reports.
 * Sizes: every second portrait (in dealing order) is enlarged to about 1 MP, the largest to 2 MP,
 * like a phone photo; the others keep the demo photo's own resolution (0.1–0.2 MP).
 * Outside portraits: NASA's official portrait of Eileen Collins (scikit-image's astronaut.png, see
 * nasa-portrait.ts) at 1024 px, the same rolled 12° and enlarged 2×, and a head-and-shoulders cut
 * of it at 640 px wide.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import sharp from 'sharp'
import { ensureNasaPortrait } from './nasa-portrait'
import { portraitRegion } from './make-face-fixtures'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
export const FACE_LIBRARY_DIR = join(ROOT, 'test', 'fixtures', 'generated', 'face-library')
/** Bump when a recipe changes: the next run rebuilds everything. */
const RECIPE_VERSION = 1

export const DEMO_DIR = dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/demo/sample1.jpg'))
export const demoPhoto = (n: number) => join(DEMO_DIR, `sample${n}.jpg`)

/**
 * The 22 faces of the six demo photos (x, y, width, height at full size), as face-api's SSD
 * MobileNet v1 finds them at minConfidence 0.3: exactly the faces a person counts, no more.
 */
export const DEMO_FACES: Readonly<Record<number, ReadonlyArray<readonly [number, number, number, number]>>> = {
  1: [[414, 355, 177, 240], [838, 421, 186, 228], [1476, 199, 203, 241]],
  2: [[1447, 153, 194, 242], [902, 220, 151, 233], [361, 126, 153, 259]],
  3: [[585, 329, 199, 271], [1514, 292, 170, 280], [1075, 215, 220, 299]],
  4: [[664, 53, 187, 258], [257, 185, 162, 245], [989, 180, 169, 227], [1277, 144, 145, 244]],
  5: [[787, 109, 156, 212], [1113, 198, 158, 236], [1406, 390, 165, 271], [598, 415, 166, 249], [377, 859, 172, 301]],
  6: [[681, 321, 160, 307], [1180, 305, 188, 280], [1487, 263, 212, 296], [250, 468, 210, 291]],
}

export type Half = 'tuning' | 'check'

export interface LibraryFace {
  /** "p<photo>-<n>", n counting the photo's faces from the left. */
  person: string
  half: Half
  /** Absolute path of the portrait (JPEG). */
  path: string
  photo: number
  /** The face's box in the demo photo. */
  box: { x: number; y: number; width: number; height: number }
  megapixels: number
}

export interface OutsidePortraits {
  /** 1024×1024, as the agency published it (enlarged 2× from scikit-image's 512). */
  agency: string
  /** The same rolled 12° clockwise and enlarged 2× (2048 px wide). */
  agencyRolled: string
  /** Head and shoulders, 640 px wide. */
  frontal640: string
}

export interface FaceLibrary {
  faces: LibraryFace[]
  outside: OutsidePortraits
}

/** Every picture of the library, the halves' faces first, then the outside portraits by their key. */
export function libraryPictures(library: FaceLibrary): Array<{ name: string; group: Half | 'outside'; path: string }> {
  return [
    ...library.faces.map((face) => ({ name: face.person, group: face.half, path: face.path })),
    ...Object.entries(library.outside).map(([key, path]) => ({ name: key, group: 'outside' as const, path })),
  ]
}

/** The deal described above: faces left to right, alternating, the photo's parity picking who starts. */
export function libraryPlan(): Array<Omit<LibraryFace, 'path' | 'megapixels'> & { file: string; enlargeTo: number | null }> {
  const plan: Array<Omit<LibraryFace, 'path' | 'megapixels'> & { file: string; enlargeTo: number | null }> = []
  let dealt = 0
  for (const [photoKey, faces] of Object.entries(DEMO_FACES)) {
    const photo = Number(photoKey)
    const leftToRight = [...faces].sort((a, b) => a[0] - b[0])
    leftToRight.forEach(([x, y, width, height], n) => {
      const half: Half = (n + photo) % 2 === 1 ? 'tuning' : 'check'
      const person = `p${photo}-${n + 1}`
      const enlargeTo = dealt % 2 === 1 ? (dealt % 6 === 5 ? 2e6 : 1e6) : null
      plan.push({ person, half, photo, box: { x, y, width, height }, file: `${half}/${person}.jpg`, enlargeTo })
      dealt++
    })
  }
  return plan
}

/** Framing of the cut-outs: 2.2 face widths wide, 3:4, the face a little above the middle. */
const FRAMING = 2.2

async function cutPortrait(photo: number, box: LibraryFace['box'], enlargeTo: number | null): Promise<Buffer> {
  const meta = await sharp(demoPhoto(photo)).metadata()
  const region = portraitRegion(box, FRAMING, { width: meta.width!, height: meta.height! })
  const scale = enlargeTo ? Math.sqrt(enlargeTo / (region.width * region.height)) : 1
  return sharp(demoPhoto(photo))
    .extract(region)
    .resize({ width: Math.round(region.width * scale), kernel: 'lanczos3' })
    .jpeg({ quality: 92 })
    .toBuffer()
}

const OUTSIDE_FILES: OutsidePortraits = {
  agency: 'outside/agency-1024.jpg',
  agencyRolled: 'outside/agency-rolled12-2x.jpg',
  frontal640: 'outside/frontal-640.jpg',
}

async function buildOutside(dir: string): Promise<void> {
  const source = await ensureNasaPortrait()
  const agency = await sharp(source).resize({ width: 1024, kernel: 'lanczos3' }).jpeg({ quality: 92 }).toBuffer()
  writeFileSync(join(dir, OUTSIDE_FILES.agency), agency)
  const rolled = await sharp(agency).rotate(12, { background: '#7f7f7f' }).png().toBuffer()
  const rolledWidth = (await sharp(rolled).metadata()).width!
  writeFileSync(join(dir, OUTSIDE_FILES.agencyRolled), await sharp(rolled).resize({ width: rolledWidth * 2, kernel: 'lanczos3' }).jpeg({ quality: 92 }).toBuffer())
  // Head and shoulders: the face (about x 160–290, y 40–190 of 512) centred, 3:4.
  const frontal = await sharp(source).extract({ left: 96, top: 0, width: 288, height: 384 }).resize({ width: 640, kernel: 'lanczos3' }).jpeg({ quality: 90 }).toBuffer()
  writeFileSync(join(dir, OUTSIDE_FILES.frontal640), frontal)
}

interface Manifest {
  version: number
  faces: Array<Omit<LibraryFace, 'path'> & { file: string }>
}

function readManifest(path: string): Manifest | null {
  try {
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest
    return manifest.version === RECIPE_VERSION ? manifest : null
  } catch {
    return null
  }
}

function resolved(manifest: Manifest): FaceLibrary {
  return {
    faces: manifest.faces.map(({ file, ...face }) => ({ ...face, path: join(FACE_LIBRARY_DIR, file) })),
    outside: Object.fromEntries(Object.entries(OUTSIDE_FILES).map(([key, file]) => [key, join(FACE_LIBRARY_DIR, file)])) as unknown as OutsidePortraits,
  }
}

/** Builds into a fresh folder beside the target and renames it in, so a half-built library is never seen. */
export async function ensureFaceLibrary(): Promise<FaceLibrary> {
  const manifestPath = join(FACE_LIBRARY_DIR, 'manifest.json')
  const existing = readManifest(manifestPath)
  if (existing) {
    const library = resolved(existing)
    if ([...library.faces.map((f) => f.path), ...Object.values(library.outside)].every((path) => existsSync(path))) return library
  }
  const staging = `${FACE_LIBRARY_DIR}.${process.pid}`
  rmSync(staging, { recursive: true, force: true })
  for (const sub of ['tuning', 'check', 'outside']) mkdirSync(join(staging, sub), { recursive: true })
  try {
    const faces: Manifest['faces'] = []
    for (const { enlargeTo, file, ...face } of libraryPlan()) {
      const jpeg = await cutPortrait(face.photo, face.box, enlargeTo)
      const meta = await sharp(jpeg).metadata()
      writeFileSync(join(staging, file), jpeg)
      faces.push({ ...face, file, megapixels: Math.round((meta.width! * meta.height!) / 1e4) / 100 })
    }
    await buildOutside(staging)
    const manifest: Manifest = { version: RECIPE_VERSION, faces }
    writeFileSync(join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2))
    rmSync(FACE_LIBRARY_DIR, { recursive: true, force: true })
    renameSync(staging, FACE_LIBRARY_DIR)
    return resolved(manifest)
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = Date.now()
  const library = await ensureFaceLibrary()
  const count = (half: Half) => library.faces.filter((face) => face.half === half).length
  console.log(`face library ready in ${FACE_LIBRARY_DIR} (${Date.now() - started} ms): ${count('tuning')} tuning, ${count('check')} check portraits`)
}
