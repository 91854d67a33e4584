/**
 * Where the detector puts some landmarks against a 3-D face model, measured over many faces; the
 * table NOSE_CONVENTION_MM (common/face/face-model.ts) is this measurement on the tuning half.
 *
 *   conventionOffsets(faces, shape, moved, reference) → one (dx, dy, dz) in mm per moved landmark
 *
 * Each face's pose is fitted on the reference landmarks alone (scaled orthography); a moved landmark's
 * image residual is then e = s·P·R·δ for a fixed offset δ of the model point, and the δ that best
 * explains the residuals of all faces (least squares) is its convention. One face only shows δ's
 * projection; faces at different yaws and pitches together show its depth too. The reference
 * landmarks keep the pose frame where the model had it.
 */
import { fitShape, solveLinear } from '../../common/face/pose'
import type { Point } from '../../common/face/geometry'

export type Offset = [dx: number, dy: number, dz: number]
type Shape = ReadonlyArray<readonly [number, number, number]>

/** Model point in the fit's camera axes (x right, y down, z away from the camera: published z negated). */
const cameraPoint = (shape: Shape, i: number) => [shape[i][0], shape[i][1], -shape[i][2]]

export function conventionOffsets(faces: ReadonlyArray<readonly Point[]>, shape: Shape, moved: readonly number[], reference: readonly number[]): Offset[] {
  const normal = moved.map(() => ({ AtA: [0, 1, 2].map(() => [0, 0, 0]), Atb: [0, 0, 0] }))
  const modelCentre = [0, 1, 2].map((c) => reference.reduce((sum, i) => sum + cameraPoint(shape, i)[c], 0) / reference.length)
  for (const landmarks of faces) {
    const fit = fitShape(landmarks, reference, shape)
    if (!fit) continue
    const { R, scale } = fit
    const mx = reference.reduce((sum, i) => sum + landmarks[i].x, 0) / reference.length
    const my = reference.reduce((sum, i) => sum + landmarks[i].y, 0) / reference.length
    moved.forEach((i, k) => {
      const b = cameraPoint(shape, i).map((v, c) => v - modelCentre[c])
      const residual = [landmarks[i].x - mx - scale * (R[0][0] * b[0] + R[0][1] * b[1] + R[0][2] * b[2]), landmarks[i].y - my - scale * (R[1][0] * b[0] + R[1][1] * b[1] + R[1][2] * b[2])]
      const { AtA, Atb } = normal[k]
      for (let row = 0; row < 2; row++) {
        for (let a = 0; a < 3; a++) {
          Atb[a] += scale * R[row][a] * residual[row]
          for (let c = 0; c < 3; c++) AtA[a][c] += scale * R[row][a] * scale * R[row][c]
        }
      }
    })
  }
  return normal.map(({ AtA, Atb }) => {
    const solved = solveLinear(AtA, Atb)
    if (!solved) throw new Error('too few faces, or all in one pose, to place a landmark in depth')
    const [dx, dy, dzCamera] = solved
    return [dx, dy, -dzCamera]
  })
}
