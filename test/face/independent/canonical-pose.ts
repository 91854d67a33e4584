/**
 * An independent head-pose reference for real pictures: none of the station's face code but the
 * least-squares fit. Landmarks come from another detector (MediaPipe FaceMesh's 468 points, run by
 * @vladmandic/human; face-mesh-points.ts), the 3-D face from another published model (MediaPipe's
 * canonical face, the metric mesh its face-geometry module takes as frontal), fitted by the same
 * scaled-orthographic solver (common/face/pose.ts, proven on synthetic faces in pose-synthetic.test.ts).
 * Zero yaw and pitch are the canonical face seen from the front, as MediaPipe defines them.
 *
 *   canonicalFace()               the 468 vertices, in pose.ts's axes (x right, y down, z towards the viewer), cm
 *   canonicalPoses(pictures)      { picture → Pose | null }
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { poseEstimator, type FaceShape, type Pose } from '../../../common/face/pose'

const requireHere = createRequire(import.meta.url)
const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url))
const METADATA = '/third_party/mediapipe/modules/face_geometry/data/geometry_pipeline_metadata_landmarks.binarypb'
const VERTICES = 468

/**
 * The canonical face as @mediapipe/face_mesh ships it: inside its packed assets, the face-geometry
 * metadata (a protobuf) whose first field is the canonical Mesh3d; that mesh's field 3 is the vertex
 * buffer, five floats a vertex (x, y, z, u, v), x to the face's left-to-right as seen, y up, z out
 * of the face. Read from the package rather than copied, so the figures are the published ones.
 */
export function canonicalFace(): FaceShape {
  const dir = dirname(requireHere.resolve('@mediapipe/face_mesh/face_mesh_solution_packed_assets_loader.js'))
  const loader = readFileSync(join(dir, 'face_mesh_solution_packed_assets_loader.js'), 'utf8')
  const entry = new RegExp(`"filename":\\s*"${METADATA.replace(/[.]/g, '\\.')}",\\s*"start":\\s*(\\d+),\\s*"end":\\s*(\\d+)`).exec(loader)
  if (!entry) throw new Error(`@mediapipe/face_mesh: no ${METADATA} in its packed assets`)
  const metadata = readFileSync(join(dir, 'face_mesh_solution_packed_assets.data')).subarray(Number(entry[1]), Number(entry[2]))
  const floats = vertexBuffer(firstMesh(metadata))
  if (floats.length !== VERTICES * 5) throw new Error(`canonical face: ${floats.length} floats, expected ${VERTICES * 5}`)
  return Array.from({ length: VERTICES }, (_, i) => [floats[5 * i], -floats[5 * i + 1], floats[5 * i + 2]] as const)
}

function varint(bytes: Buffer, at: number): [value: number, next: number] {
  let value = 0
  let shift = 0
  for (let i = at; i < bytes.length; i++) {
    value += (bytes[i] & 0x7f) * 2 ** shift
    if (bytes[i] < 0x80) return [value, i + 1]
    shift += 7
  }
  throw new Error('canonical face: truncated varint')
}

function firstMesh(metadata: Buffer): Buffer {
  if (metadata[0] !== 0x0a) throw new Error('canonical face: the metadata does not start with its mesh')
  const [length, start] = varint(metadata, 1)
  return metadata.subarray(start, start + length)
}

/** Field 3 of a Mesh3d, packed or not (the shipped file has it unpacked: a tag before every float). */
function vertexBuffer(mesh: Buffer): number[] {
  const floats: number[] = []
  let at = 0
  while (at < mesh.length) {
    const [key, next] = varint(mesh, at)
    const [field, wire] = [Math.floor(key / 8), key % 8]
    at = next
    if (wire === 0) at = varint(mesh, at)[1]
    else if (wire === 5) {
      if (field === 3) floats.push(mesh.readFloatLE(at))
      at += 4
    } else if (wire === 1) at += 8
    else if (wire === 2) {
      const [length, start] = varint(mesh, at)
      if (field === 3) for (let i = start; i < start + length; i += 4) floats.push(mesh.readFloatLE(i))
      at = start + length
    } else throw new Error(`canonical face: unexpected wire type ${wire}`)
  }
  return floats
}

/** Runs FaceMesh on the pictures in a child process and fits the canonical face to each. */
export function canonicalPoses(pictures: readonly string[]): Map<string, Pose | null> {
  const run = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('face-mesh-points.ts', import.meta.url)), ...pictures], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 300_000,
  })
  if (run.status !== 0) throw new Error(`face-mesh-points.ts failed (${run.status ?? run.signal}): ${run.stderr}`)
  const meshes = JSON.parse(run.stdout) as Record<string, Array<[number, number]> | null>
  const estimate = poseEstimator(Array.from({ length: VERTICES }, (_, i) => i), canonicalFace())
  return new Map(pictures.map((picture) => {
    const mesh = meshes[picture]
    return [picture, mesh ? estimate(mesh.map(([x, y]) => ({ x, y }))) : null]
  }))
}
