import { access, constants, mkdtemp, readFile, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { CoreError } from '../../core/model/errors'
import { isValidCaptureDevice } from '../desktop-settings'

/**
 * Stills for kiosks whose browser camera is blocked (group policy, a driver Chromium cannot open):
 * node-webcam runs the platform's still command in the main process (fswebcam on Linux,
 * imagesnap on macOS, CommandCam on Windows) and the picture comes back as JPEG bytes.
 *
 * node-webcam builds one shell command line from its options, so everything that reaches it is
 * either a fixed option, a device name checked against a strict pattern, or a path this module
 * made itself and quotes for the shell.
 */
export interface StillCommand {
  command: string
  /** What to tell the person at the desk when the command is missing. */
  install: string
}

export const STILL_COMMANDS: Partial<Record<NodeJS.Platform, StillCommand>> = {
  linux: { command: 'fswebcam', install: 'install it with "sudo apt install fswebcam" (or your distribution\'s package manager)' },
  darwin: { command: 'imagesnap', install: 'install it with "brew install imagesnap"' },
  win32: { command: 'CommandCam.exe', install: 'it ships with the station; reinstall the station to restore it' },
}

/** Finder-launched macOS apps get a PATH without Homebrew's folders. */
const EXTRA_DIRS: Partial<Record<NodeJS.Platform, string[]>> = {
  darwin: ['/opt/homebrew/bin', '/usr/local/bin'],
}

export interface CaptureCheck {
  available: boolean
  command: string
  /** Absolute path of the command found, or null. */
  path: string | null
  message: string
}

export interface WebcamStillOptions {
  platform?: NodeJS.Platform
  env?: NodeJS.ProcessEnv
  device?: string | null
  width?: number
  height?: number
  /** Gives up waiting for the command after this long. */
  timeoutMs?: number
}

export interface WebcamStillSource {
  check(): Promise<CaptureCheck>
  capture(): Promise<Buffer>
}

interface NodeWebcamInstance {
  bin: string
  capture(location: string, callback: (error: Error | null, location: string) => void): void
}
interface NodeWebcamModule {
  Factory: { create(options: Record<string, unknown>, type?: string): NodeWebcamInstance }
}

// Not named `require`: electron-vite's ESM shim declares that name in the main bundle.
const requireCommonJs = createRequire(import.meta.url)

export function createWebcamStillSource(options: WebcamStillOptions = {}): WebcamStillSource {
  const platform = options.platform ?? process.platform
  const env = options.env ?? process.env
  const device = options.device ?? null

  async function check(): Promise<CaptureCheck> {
    const still = STILL_COMMANDS[platform]
    if (!still) return { available: false, command: '', path: null, message: `Still capture is not supported on ${platform}.` }
    const path = platform === 'win32' ? await bundledCommandCam() : await findCommand(still.command, env, platform)
    if (!path) {
      return { available: false, command: still.command, path: null, message: `The still-camera command "${still.command}" is not installed: ${still.install}.` }
    }
    return { available: true, command: still.command, path, message: `Stills are taken with ${path}.` }
  }

  async function capture(): Promise<Buffer> {
    if (device !== null && !isValidCaptureDevice(device, platform)) throw new CoreError('invalid', `captureDevice: "${device}" is not a camera name this PC understands`, { field: 'captureDevice' })
    const found = await check()
    if (!found.path) throw new CoreError('unsupported', found.message, { field: 'captureSource' })
    const folder = await mkdtemp(join(tmpdir(), 'enroll-still-'))
    try {
      const target = join(folder, 'still.jpg')
      const webcam = (requireCommonJs('node-webcam') as NodeWebcamModule).Factory.create(
        {
          width: options.width ?? 1280,
          height: options.height ?? 720,
          quality: 90,
          output: 'jpeg',
          device: device ?? false,
          callbackReturn: 'location',
          saveShots: false,
          verbose: false,
          // fswebcam: let the sensor settle its exposure before the frame that is kept.
          skip: platform === 'linux' ? 8 : false,
        },
        platform,
      )
      webcam.bin = quoteForShell(found.path, platform)
      await runWithTimeout(
        new Promise<void>((resolve, reject) => webcam.capture(quoteForShell(target, platform), (error) => (error ? reject(error) : resolve()))),
        options.timeoutMs ?? 20_000,
        `${found.command} did not finish within ${Math.round((options.timeoutMs ?? 20_000) / 1000)} s`,
      ).catch((error: Error) => {
        throw new CoreError('unsupported', `The still camera failed: ${failureReason(error.message)}`, { field: 'captureSource', cause: error })
      })
      const bytes = await readFile(target).catch(() => null)
      if (!bytes || bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff) {
        throw new CoreError('unsupported', `The still camera failed: ${found.command} ran but wrote no JPEG picture (is a camera connected?)`, { field: 'captureSource' })
      }
      return bytes
    } finally {
      await rm(folder, { recursive: true, force: true })
    }
  }

  return { check, capture }
}

/** The first executable of that name on PATH (plus the usual install folders), or null. */
export async function findCommand(name: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Promise<string | null> {
  const pathVariable = env.PATH ?? env.Path ?? ''
  const dirs = [...pathVariable.split(platform === 'win32' ? ';' : delimiter), ...(EXTRA_DIRS[platform] ?? [])].filter(Boolean)
  const extensions = platform === 'win32' && !/\.\w+$/.test(name) ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : ['']
  for (const dir of dirs) {
    for (const extension of extensions) {
      const candidate = join(dir, name + extension)
      try {
        await access(candidate, platform === 'win32' ? constants.F_OK : constants.X_OK)
        return candidate
      } catch {
        // next
      }
    }
  }
  return null
}

/**
 * CommandCam.exe comes with node-webcam (downloaded by its install step on Windows). Inside a
 * packaged app it sits in app.asar.unpacked, because a shell cannot run a file inside an archive.
 */
async function bundledCommandCam(): Promise<string | null> {
  const path = join(dirname(requireCommonJs.resolve('node-webcam')), 'src', 'bindings', 'CommandCam', 'CommandCam.exe').replace(/app\.asar([\\/])/, 'app.asar.unpacked$1')
  try {
    await access(path)
    return path
  } catch {
    return null
  }
}

/** Quotes a path this module chose for the platform's shell; refuses the characters quoting cannot make safe. */
export function quoteForShell(path: string, platform: NodeJS.Platform): string {
  if (platform === 'win32') {
    if (/["%!^\r\n]/.test(path)) throw new CoreError('unsupported', `The still camera cannot use the folder ${path}: its name has characters the Windows shell would interpret`)
    return `"${path}"`
  }
  if (/['\r\n]/.test(path)) throw new CoreError('unsupported', `The still camera cannot use the folder ${path}: its name contains a quote`)
  return `'${path}'`
}

function runWithTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms)
  })
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}

/** exec's message is "Command failed: <command line>" then the command's stderr: the stderr says why. */
function failureReason(text: string): string {
  const lines = text.split('\n').map((line) => line.trim()).filter(Boolean)
  if (lines.length > 1 && lines[0].startsWith('Command failed')) return lines.at(-1)!
  return lines[0] ?? text
}
