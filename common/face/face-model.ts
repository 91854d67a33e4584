/**
 * The 3-D face the head-pose fit uses: the published mean face (mean-face.ts) with the nose moved to
 * where face-api's landmark model puts it. PURE.
 *
 *   NOSE_CONVENTION_MM   per nose landmark (27–35), the offset (dx, dy, dz) in mm, published axes
 *   POSE_MODEL_68        MEAN_FACE_68 with those offsets added; the rest as published
 *
 * A point distribution model is built for its own detector's landmarks, and face-api's 68-point model
 * is not the detector OpenFace's was built for. Its nose disagrees with the rest of the face:
 * fitted with the eyes alone, the nose read the faces of the face library 6–13° more chin-down than
 * the 59 other landmarks did (median −8.1° on the tuning half, −6.4° on the check half, −13.4° on
 * NASA's portrait), while jaw, brows and mouth, each fitted with the eyes, agree within 6°. An
 * offset that stays the same in the face frame whatever the person's pose is the detector's
 * convention, not a pose, so it belongs in the model.
 *
 * Measured on the tuning half only (test/face/landmark-convention.ts; BENCH=faces prints it for both
 * halves): each face's pose is fitted with the published model on the 59 landmarks outside the nose,
 * and each nose landmark's image residual e = s·P·R·δ over all tuning faces gives one 3-D offset δ
 * by least squares (the faces' different yaws and pitches make its depth observable). The pose
 * frame stays the published model's: zero yaw and pitch mean what they meant before. The ridge
 * (27–30) sits 3–4 mm lower and up to 4.5 mm further forward than the published mean, the nostrils
 * 1.5–3 mm lower; on the check half the same measurement gives the ridge 2–4.5 mm lower.
 *
 * What it does not change: the demo photos' people still read a median −10° (tuning) and −17°
 * (check) of pitch, NASA's portrait −9° to −13°. Every other group of landmarks gives that rotation
 * (jaw, brows, mouth, each fitted with the eyes: −10°, −11°, −15° on the tuning half), so it is no
 * group's convention, and landmarks cannot tell a rotation shared by the whole face from the
 * person's own pose or from where the model puts its zero. That zero was set by hand: OpenFace's
 * author aligned the PDM to a Multi-PIE model "manually rotated to be frontal" (OpenFace issues
 * #136, #563). Martins and Batista's anthropometric 15-point model, fitted to the same landmarks,
 * reads the same faces about 6° less chin-down; which zero is a face "looking into the lens" has
 * not been measured here.
 */
import { MEAN_FACE_68 } from './mean-face'

type Offset = readonly [dx: number, dy: number, dz: number]

export const NOSE_CONVENTION_MM: Readonly<Record<number, Offset>> = {
  27: [-0.72, 2.96, 0.41],
  28: [-0.7, 4.05, 2.48],
  29: [-0.78, 4.2, 4.48],
  30: [-1.1, 3.96, 0.95],
  31: [2.8, 2.33, -0.49],
  32: [0.66, 2.02, 0.12],
  33: [-0.26, 1.42, -0.49],
  34: [-1.26, 1.62, -0.41],
  35: [-2.64, 2.91, -1.53],
}

export const POSE_MODEL_68: ReadonlyArray<readonly [x: number, y: number, z: number]> = MEAN_FACE_68.map(([x, y, z], i) => {
  const [dx, dy, dz] = NOSE_CONVENTION_MM[i] ?? [0, 0, 0]
  return [x + dx, y + dy, z + dz] as const
})
