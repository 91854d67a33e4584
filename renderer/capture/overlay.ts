/**
 * Draws what the engine sees over the live video: the visitor's face box (green when every measure
 * passes, amber otherwise), the eye centres, and other faces in red (they are why "only one person
 * please" shows). The canvas has the frame's pixel size and is stretched exactly like the video.
 */
import type { LiveState } from './live-capture'

const PASS = '#2fbf5b'
const FAIL = '#f5a524'
const OTHER = '#ef4444'

export function drawOverlay(canvas: HTMLCanvasElement, state: LiveState): void {
  const context = canvas.getContext('2d')
  if (!context || !state.frame) return
  if (canvas.width !== state.frame.width || canvas.height !== state.frame.height) {
    canvas.width = state.frame.width
    canvas.height = state.frame.height
  }
  context.clearRect(0, 0, canvas.width, canvas.height)
  const line = Math.max(2, Math.round(canvas.width / 320))
  context.lineWidth = line
  state.faces.forEach((face, index) => {
    const main = index === 0
    context.strokeStyle = !main ? OTHER : state.report?.passed ? PASS : FAIL
    context.strokeRect(face.box.x, face.box.y, face.box.width, face.box.height)
  })
  const eyes = state.report?.face?.eyes
  if (eyes) {
    context.fillStyle = state.report?.passed ? PASS : FAIL
    for (const eye of [eyes.left, eyes.right]) {
      context.beginPath()
      context.arc(eye.x, eye.y, line * 1.5, 0, 2 * Math.PI)
      context.fill()
    }
  }
}

export function clearOverlay(canvas: HTMLCanvasElement | null): void {
  canvas?.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height)
}
