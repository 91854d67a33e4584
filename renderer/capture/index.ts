/**
 * The camera capture: live guidance, quality gate, auto-capture, the core's standard crop
 * and the register match. renderer/shared/capture-module.ts loads this module lazily (its own chunk
 * with face-api and tfjs), so screens without a camera never download the models.
 */
export { CaptureView, type CaptureViewProps } from './CaptureView'
export type { CaptureResult } from './capture-flow'
export type { CaptureMatch } from '../../common/face/capture-types'
