/**
 * The quality gate measured on real faces it was not written for (scripts/make-face-library.ts):
 * every face of the demo group photos cut out as its own portrait, split by person into a tuning
 * half and a check half, plus three frontal portraits from outside the demo photos.
 *
 *   - each measure's distribution per half, each limit with its documented source, and the share
 *     of the check half it lets through;
 *   - acceptance per refusal reason on the check half;
 *   - head pose: the estimator against the same fit on the published nose and against the old
 *     estimator (median and spread), the mirror test, the landmark subsets compared on the tuning
 *     half (how POSE_LANDMARKS was chosen), and face-api's nose convention measured on each half
 *     (NOSE_CONVENTION_MM is the tuning half's).
 *
 * Run alone: BENCH=faces npm run bench
 */
import { readFileSync } from 'node:fs'
import sharp from 'sharp'
import { decodePhoto } from '../main/core/face/image'
import { assessPhoto, findFaces } from '../main/core/face/pipeline'
import { estimatePose, POSE_LANDMARKS, poseEstimator, type Pose, type PoseEstimator } from '../common/face/pose'
import { NOSE_CONVENTION_MM } from '../common/face/face-model'
import { MEAN_FACE_68 } from '../common/face/mean-face'
import { DEFAULT_QUALITY_THRESHOLDS, type QualityReport, type QualityThresholds } from '../common/face/quality'
import type { Point } from '../common/face/geometry'
import { ensureFaceLibrary, libraryPictures, type Half } from '../scripts/make-face-library'
import { estimatePoseOld } from '../test/face/fixtures/old-pose'
import { conventionOffsets } from '../test/face/landmark-convention'
import { canonicalPoses } from '../test/face/independent/canonical-pose'
import { ensureHopperPortrait } from '../scripts/hopper-portrait'
import { median } from '../test/face/helpers'
import { percentile, table } from './stats'

interface Measured {
  name: string
  group: Half | 'outside'
  path: string
  report: QualityReport
  landmarks: readonly Point[] | null
  /** Landmarks of the mirrored picture, when a face was found there too. */
  mirrored: readonly Point[] | null
}

async function measure(name: string, group: Measured['group'], path: string): Promise<Measured> {
  const bytes = readFileSync(path)
  const image = await decodePhoto(bytes)
  const faces = await findFaces(image)
  const report = assessPhoto(image, faces, DEFAULT_QUALITY_THRESHOLDS)
  const flipped = await findFaces(await decodePhoto(await sharp(bytes).flop().png().toBuffer()))
  return { name, group, path, report, landmarks: faces[0]?.landmarks ?? null, mirrored: flipped[0]?.landmarks ?? null }
}

const fixed = (value: number | null | undefined, digits = 1) => (value === null || value === undefined ? '–' : value.toFixed(digits))

function spread(values: number[], digits = 1): string[] {
  if (values.length === 0) return ['–', '–', '–', '–', '–']
  return [Math.min(...values), percentile(values, 25), median(values), percentile(values, 75), Math.max(...values)].map((v) => v.toFixed(digits))
}

type MeasureKey = 'interEyeDistance' | 'faceHeightRatio' | 'yaw' | 'pitch' | 'roll' | 'brightness' | 'contrast' | 'sharpness'

/** Each limit, what it is checked against, and where its default comes from (QualityThresholdsSchema). */
const LIMITS: Array<{ measure: MeasureKey; limit: keyof QualityThresholds; test: (value: number, t: QualityThresholds) => boolean; source: string }> = [
  { measure: 'interEyeDistance', limit: 'minInterEyeDistance', test: (v, t) => v >= t.minInterEyeDistance, source: 'between OFIQ (ISO/IEC 29794-5) ~70 px and vendors ~35–40 px' },
  { measure: 'faceHeightRatio', limit: 'maxFaceHeightRatio', test: (v, t) => v <= t.maxFaceHeightRatio, source: 'the crop keeps hair and chin margins' },
  { measure: 'yaw', limit: 'maxYaw', test: (v, t) => Math.abs(v) <= t.maxYaw, source: 'ISO/IEC 19794-5 ±5°, access-control vendors ~15°' },
  { measure: 'pitch', limit: 'maxPitch', test: (v, t) => Math.abs(v) <= t.maxPitch, source: 'ISO/IEC 19794-5 ±5°, access-control vendors ~15°' },
  { measure: 'roll', limit: 'maxRoll', test: (v, t) => Math.abs(v) <= t.maxRoll, source: 'live only (ISO ±8°); photos are levelled by the crop' },
  { measure: 'brightness', limit: 'minBrightness', test: (v, t) => v >= t.minBrightness, source: 'demo faces lit 69–168, at 30 % exposure 20–49' },
  { measure: 'brightness', limit: 'maxBrightness', test: (v, t) => v <= t.maxBrightness, source: 'ISO/IEC 29794-5 treats over-exposure apart' },
  { measure: 'contrast', limit: 'minContrast', test: (v, t) => v >= t.minContrast, source: 'demo faces 24–46, flat or dark faces < 13' },
  { measure: 'sharpness', limit: 'minSharpness', test: (v, t) => v >= t.minSharpness, source: 'variance of Laplacian; demo faces 2.9–13.2, blurred σ 1.7 px 1.2–3.4' },
]

function measuresTable(faces: Measured[]): string {
  const rows: Array<Array<string | number>> = []
  const thresholds = DEFAULT_QUALITY_THRESHOLDS
  for (const { measure, limit, test, source } of LIMITS) {
    const row = (group: Measured['group']) => {
      const values = faces.filter((f) => f.group === group).map((f) => f.report.measures[measure]).filter((v): v is number => typeof v === 'number')
      return { values, passing: values.filter((v) => test(v, thresholds)).length }
    }
    const tuning = row('tuning')
    const check = row('check')
    rows.push([
      `${measure} (${limit} ${thresholds[limit]})`,
      spread(tuning.values).join(' / '),
      `${tuning.passing}/${tuning.values.length}`,
      spread(check.values).join(' / '),
      `${check.passing}/${check.values.length}`,
      source,
    ])
  }
  return table(['measure (limit)', 'tuning min / q1 / median / q3 / max', 'tuning pass', 'check min / q1 / median / q3 / max', 'check pass', 'source of the limit'], rows)
}

function reasonsTable(faces: Measured[]): string {
  const groups: Array<Measured['group']> = ['tuning', 'check', 'outside']
  const codes = [...new Set(faces.flatMap((f) => f.report.failures.map((failure) => failure.code)))].sort()
  const rows: Array<Array<string | number>> = codes.map((code) => [
    code,
    ...groups.map((group) => {
      const inGroup = faces.filter((f) => f.group === group)
      return `${inGroup.filter((f) => f.report.failures.some((failure) => failure.code === code)).length}/${inGroup.length}`
    }),
  ])
  rows.push(['accepted (no reason)', ...groups.map((group) => {
    const inGroup = faces.filter((f) => f.group === group)
    return `${inGroup.filter((f) => f.report.passed).length}/${inGroup.length}`
  })])
  return table(['refusal reason (a face can have several)', 'tuning', 'check', 'outside'], rows)
}

/** Median and spread of yaw and pitch by an estimator, and its mirror agreement. */
function poseRow(label: string, faces: Measured[], estimate: PoseEstimator | ((landmarks: readonly Point[]) => Pose)): Array<string> {
  const poses = faces.filter((f) => f.landmarks).map((f) => ({ pose: estimate(f.landmarks!), mirror: f.mirrored ? estimate(f.mirrored) : null }))
  const yaw = poses.map((p) => p.pose.yaw)
  const pitch = poses.map((p) => p.pose.pitch)
  const pairs = poses.filter((p) => p.mirror)
  const yawGap = pairs.map((p) => Math.abs(p.pose.yaw + p.mirror!.yaw))
  const pitchGap = pairs.map((p) => Math.abs(p.pose.pitch - p.mirror!.pitch))
  const yawBias = pairs.map((p) => (p.pose.yaw + p.mirror!.yaw) / 2)
  const quartiles = (values: number[]) => `${median(values).toFixed(1)} [${percentile(values, 25).toFixed(1)}, ${percentile(values, 75).toFixed(1)}]`
  return [
    label,
    String(poses.length),
    quartiles(yaw),
    quartiles(pitch),
    `${median(yawGap).toFixed(1)} / ${Math.max(...yawGap).toFixed(1)}`,
    `${median(pitchGap).toFixed(1)} / ${Math.max(...pitchGap).toFixed(1)}`,
    median(yawBias).toFixed(1),
  ]
}

/**
 * The estimators against the independent reference (test/face/independent: MediaPipe FaceMesh fitted
 * to MediaPipe's canonical face): where the reference puts each group, how far each estimator sits
 * from it, and whether the two agree on which faces are within the gate's yaw and pitch limits.
 */
function referenceTables(groups: Array<[string, Measured[]]>): void {
  const all = groups.flatMap(([, members]) => members).filter((f) => f.landmarks)
  const references = canonicalPoses(all.map((f) => f.path))
  const quartiles = (values: number[]) => `${median(values).toFixed(1)} [${percentile(values, 25).toFixed(1)}, ${percentile(values, 75).toFixed(1)}]`
  const { maxYaw, maxPitch } = DEFAULT_QUALITY_THRESHOLDS
  const frontal = (pose: Pose) => Math.abs(pose.yaw) <= maxYaw && Math.abs(pose.pitch) <= maxPitch
  console.log(`\nHead pose against an independent reference (MediaPipe FaceMesh's 468 points fitted to MediaPipe's canonical face): the reference's median [q1, q3]; each estimator's median difference from it (bias) and median |difference|; how many faces each puts within yaw ±${maxYaw}° and pitch ±${maxPitch}°:`)
  const rows = groups.flatMap(([name, members]) => {
    const pairs = members.filter((f) => f.landmarks && references.get(f.path)).map((f) => ({ landmarks: f.landmarks!, reference: references.get(f.path)! }))
    const against = (label: string, estimate: (landmarks: readonly Point[]) => Pose) => {
      const poses = pairs.map((p) => ({ pose: estimate(p.landmarks), reference: p.reference }))
      const dYaw = poses.map((p) => p.pose.yaw - p.reference.yaw)
      const dPitch = poses.map((p) => p.pose.pitch - p.reference.pitch)
      const agree = poses.filter((p) => frontal(p.pose) === frontal(p.reference)).length
      return [`${name}, ${label}`, String(poses.length), `${median(dYaw).toFixed(1)} / ${median(dYaw.map(Math.abs)).toFixed(1)}`, `${median(dPitch).toFixed(1)} / ${median(dPitch.map(Math.abs)).toFixed(1)}`, `${poses.filter((p) => frontal(p.pose)).length}/${poses.length}`, `${agree}/${poses.length}`]
    }
    return [
      [`${name}, reference`, String(pairs.length), quartiles(pairs.map((p) => p.reference.yaw)), quartiles(pairs.map((p) => p.reference.pitch)), `${pairs.filter((p) => frontal(p.reference)).length}/${pairs.length}`, '–'],
      against('new', estimatePose),
      against('old', estimatePoseOld),
    ]
  })
  console.log(table(['faces, estimator', 'n', 'yaw: reference median [q1, q3] / bias / median |diff|', 'pitch: the same', 'within the pose limits', 'agrees with the reference'], rows))
  const angles = (pose: Pose) => `${fixed(pose.yaw)} / ${fixed(pose.pitch)}`
  console.log('\nOutside portraits, yaw / pitch: reference, new, old:')
  console.log(table(['portrait', 'reference', 'new', 'old'], all.filter((f) => f.group === 'outside').map((f) => {
    const reference = references.get(f.path)
    return [f.name, reference ? angles(reference) : 'no face', angles(estimatePose(f.landmarks!)), angles(estimatePoseOld(f.landmarks!))]
  })))
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)
const SUBSETS: Array<[string, number[]]> = [
  ['all 68 (POSE_LANDMARKS)', range(0, 67)],
  ['without the jaw line 0–16', range(17, 67)],
  ['without the nose ridge 27–30', [...range(0, 26), ...range(31, 67)]],
  ['without the mouth 48–67', range(0, 47)],
  ['eyes and nose only 27–47', range(27, 47)],
]

export async function benchFaceLibrary(): Promise<void> {
  const library = await ensureFaceLibrary()
  const faces: Measured[] = []
  for (const { name, group, path } of libraryPictures(library)) faces.push(await measure(name, group, path))
  faces.push(await measure('hopper', 'outside', await ensureHopperPortrait()))
  const count = (group: Measured['group']) => faces.filter((f) => f.group === group).length
  console.log(`\n## faces: the gate on ${count('tuning')} tuning and ${count('check')} check portraits (split by person) and ${count('outside')} outside portraits`)

  console.log('\nEach measure over the real faces (photo files, so roll is not refused), each limit, its source, and who passes it:')
  console.log(measuresTable(faces))

  console.log('\nAcceptance by refusal reason (processPhoto, strict):')
  console.log(reasonsTable(faces))

  const groups: Array<[string, Measured[]]> = [
    ['tuning', faces.filter((f) => f.group === 'tuning')],
    ['check', faces.filter((f) => f.group === 'check')],
    ['outside', faces.filter((f) => f.group === 'outside')],
  ]
  console.log('\nHead pose over the real faces, new estimator against the old: median [q1, q3] in degrees; mirror gap = |yaw + mirrored yaw| and |pitch − mirrored pitch|, median / max; yaw bias = median of (yaw + mirrored yaw) / 2, what detector and estimator add to yaw:')
  const publishedNose = poseEstimator(POSE_LANDMARKS, MEAN_FACE_68)
  const rows = groups.flatMap(([name, members]) => [
    poseRow(`${name}, new`, members, estimatePose),
    poseRow(`${name}, new on the published nose`, members, publishedNose),
    poseRow(`${name}, old`, members, estimatePoseOld),
  ])
  console.log(table(['faces', 'n', 'yaw', 'pitch', 'mirror yaw gap', 'mirror pitch gap', 'yaw bias'], rows))

  console.log('\nOutside portraits, yaw / pitch / roll, new against the published nose and the old estimator:')
  const angles = (pose: Pose) => `${fixed(pose.yaw)} / ${fixed(pose.pitch)} / ${fixed(pose.roll)}`
  console.log(
    table(
      ['portrait', 'new', 'new on the published nose', 'old', 'gate'],
      groups[2][1].map((f) => {
        const [pose, published, old] = [estimatePose(f.landmarks!), publishedNose(f.landmarks!), estimatePoseOld(f.landmarks!)]
        return [f.name, angles(pose), angles(published), angles(old), f.report.passed ? 'accepted' : f.report.failures.map((x) => x.code).join(', ')]
      }),
    ),
  )

  referenceTables(groups)

  console.log('\nface-api\'s nose against the published mean face, mm (dx, dy, dz; y down, z towards the viewer), each half measured with the pose of the 59 other landmarks; the table is the tuning half\'s:')
  const nose = range(27, 35)
  const reference = range(0, 67).filter((i) => !nose.includes(i))
  const measuredOn = (members: Measured[]) => conventionOffsets(members.filter((f) => f.landmarks).map((f) => f.landmarks!), MEAN_FACE_68, nose, reference)
  const [tuningNose, checkNose] = [measuredOn(groups[0][1]), measuredOn(groups[1][1])]
  const triple = (v: readonly number[]) => v.map((x) => x.toFixed(1)).join(', ')
  console.log(table(['landmark', 'NOSE_CONVENTION_MM', 'tuning half', 'check half'], nose.map((i, k) => [String(i), triple(NOSE_CONVENTION_MM[i]), triple(tuningNose[k]), triple(checkNose[k])])))

  console.log('\nPitch from eyes and nose alone minus pitch from the 59 landmarks outside the nose, median [q1, q3] per group (0 when the nose and the rest agree):')
  const gapRow = (label: string, members: Measured[], shape?: typeof MEAN_FACE_68) => {
    const noseAndEyes = poseEstimator([...nose, ...range(36, 47)], shape)
    const rest = poseEstimator(reference, shape)
    const gaps = members.filter((f) => f.landmarks).map((f) => noseAndEyes(f.landmarks!).pitch - rest(f.landmarks!).pitch)
    return [label, `${median(gaps).toFixed(1)} [${percentile(gaps, 25).toFixed(1)}, ${percentile(gaps, 75).toFixed(1)}]`]
  }
  console.log(table(['faces, model', 'pitch gap'], groups.flatMap(([name, members]) => [gapRow(`${name}, face-api's nose`, members), gapRow(`${name}, published nose`, members, MEAN_FACE_68)])))

  console.log('\nLandmark subsets for the pose fit, on the tuning half only (how POSE_LANDMARKS was chosen):')
  console.log(table(['landmarks fitted', 'n', 'yaw', 'pitch', 'mirror yaw gap', 'mirror pitch gap', 'yaw bias'], SUBSETS.map(([label, indices]) => poseRow(label, groups[0][1], poseEstimator(indices)))))
}

if (import.meta.url === `file://${process.argv[1]}`) await benchFaceLibrary()
