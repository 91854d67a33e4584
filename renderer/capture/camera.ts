/**
 * The camera: which ones there are, the one chosen (remembered on this PC), and why it failed.
 *
 *   openCamera(deviceId?) → { stream, deviceId }    1280×720 preferred; the remembered camera by default
 *   listCameras() → CameraChoice[]                   labels are known once the camera was allowed
 *   rememberCamera(deviceId) / rememberedCamera()
 *   cameraProblem(error) → CameraProblem             no camera / busy / denied / other
 */

export interface CameraChoice {
  deviceId: string
  label: string
}

export type CameraProblemKind = 'no_camera' | 'busy' | 'denied' | 'failed'

export interface CameraProblem {
  kind: CameraProblemKind
  /** The browser's own words, for "other" failures and diagnostics. */
  detail: string
}

const CAMERA_KEY = 'station.capture.camera'

/**
 * 1280×720 is what desk webcams deliver natively (a face at arm's length is then ~80–90 px between
 * the eyes, above the gate's 60 px); `ideal` rather than `exact` so a 640×480 camera still opens.
 */
const PREFERRED = { width: { ideal: 1280 }, height: { ideal: 720 } } as const

export function rememberedCamera(): string | null {
  try {
    return localStorage.getItem(CAMERA_KEY)
  } catch {
    return null
  }
}

export function rememberCamera(deviceId: string): void {
  try {
    localStorage.setItem(CAMERA_KEY, deviceId)
  } catch {
    // private mode or storage full: the choice lasts for this session only
  }
}

export async function listCameras(): Promise<CameraChoice[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return []
  const devices = await navigator.mediaDevices.enumerateDevices()
  return devices
    .filter((device) => device.kind === 'videoinput')
    .map((device, index) => ({ deviceId: device.deviceId, label: device.label || `Camera ${index + 1}` }))
}

export async function openCamera(deviceId: string | null = rememberedCamera()): Promise<{ stream: MediaStream; deviceId: string | null }> {
  if (!navigator.mediaDevices?.getUserMedia) throw Object.assign(new Error('this window has no camera access (mediaDevices missing)'), { name: 'NotFoundError' })
  const ask = (id: string | null) => navigator.mediaDevices.getUserMedia({ audio: false, video: id ? { ...PREFERRED, deviceId: { exact: id } } : PREFERRED })
  let stream: MediaStream
  try {
    stream = await ask(deviceId)
  } catch (error) {
    // The remembered camera was unplugged: any camera rather than none.
    const name = (error as Error).name
    if (!deviceId || (name !== 'NotFoundError' && name !== 'OverconstrainedError')) throw error
    stream = await ask(null)
  }
  const opened = stream.getVideoTracks()[0]?.getSettings().deviceId ?? null
  return { stream, deviceId: opened }
}

export function stopStream(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop()
}

/** getUserMedia's DOMException names, as Chromium and Electron raise them, grouped by what the user can do. */
export function cameraProblem(error: unknown): CameraProblem {
  const name = error instanceof Error || error instanceof DOMException ? error.name : ''
  const detail = error instanceof Error || error instanceof DOMException ? `${error.name}: ${error.message}` : String(error)
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return { kind: 'denied', detail }
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return { kind: 'busy', detail }
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return { kind: 'no_camera', detail }
    default:
      return { kind: 'failed', detail }
  }
}
