#!/usr/bin/env node
// `npm start`: installs what is missing, then opens the desktop app — or, where Electron's
// binary cannot be had (no internet), serves the same UI and register in a browser.
// Uses only Node built-ins, so it works on a fresh clone before anything is installed.
import { existsSync, statSync } from 'node:fs'
import { spawnSync, spawn } from 'node:child_process'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const run = (cmd, args, env = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status === 0

const lock = join(root, 'package-lock.json')
const installed = join(root, 'node_modules', '.package-lock.json')
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  console.log('Installing dependencies (npm ci)…')
  // Electron's binary is fetched separately below, so that a machine without internet still installs.
  if (!run(npm, ['ci', '--no-audit', '--no-fund'], { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })) process.exit(1)
}

const electronBinary = join(root, 'node_modules', 'electron', 'path.txt')
if (!existsSync(electronBinary)) {
  console.log("Fetching Electron's binary…")
  const env = { ...process.env }
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD
  const fetched = spawnSync(process.execPath, [join(root, 'node_modules', 'electron', 'install.js')], { cwd: join(root, 'node_modules', 'electron'), encoding: 'utf8', env })
  if (fetched.status !== 0) {
    const reason = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT/.exec(fetched.stderr ?? '')?.[0] ?? 'download failed'
    console.log(`Electron's binary could not be fetched (${reason}).`)
  }
}

if (existsSync(electronBinary) && !process.argv.includes('--browser')) {
  if (!run(npm, ['run', '--silent', 'build'])) process.exit(1)
  const child = spawn(process.execPath, [join(root, 'node_modules', 'electron', 'cli.js'), '.'], { cwd: root, stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
} else {
  console.log(
    "\nThe desktop window needs Electron's binary, which is not available on this machine.\n" +
      'Serving the same app for a browser instead (enroll serve); open the URL below.\n',
  )
  if (!run(npm, ['run', '--silent', 'build:renderer'])) process.exit(1)
  const child = spawn(process.execPath, [join(root, 'bin', 'enroll.js'), 'serve', ...process.argv.slice(2).filter((a) => a !== '--browser')], {
    cwd: root,
    stdio: 'inherit',
  })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code) => process.exit(code ?? 0))
}
