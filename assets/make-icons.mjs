#!/usr/bin/env node
// Regenerates every icon in assets/ from the SVG drawings below (sharp renders them; png2icons
// packs the Windows .ico and macOS .icns). Run after changing a drawing: node assets/make-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import png2icons from 'png2icons'

const dir = new URL('.', import.meta.url).pathname

// A camera viewfinder around a head and shoulders, with a check badge: "a person, enrolled".
const appIcon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1024 1024">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#1f8a9e"/>
      <stop offset="1" stop-color="#1b4f8c"/>
    </linearGradient>
  </defs>
  <rect x="64" y="64" width="896" height="896" rx="200" fill="url(#bg)"/>
  <g fill="none" stroke="#ffffff" stroke-width="44" stroke-linecap="round" stroke-linejoin="round" opacity="0.9">
    <path d="M232 352V272q0-40 40-40h80"/>
    <path d="M672 232h80q40 0 40 40v80"/>
    <path d="M792 672v80q0 40-40 40h-80"/>
    <path d="M352 792h-80q-40 0-40-40v-80"/>
  </g>
  <circle cx="512" cy="440" r="112" fill="#ffffff"/>
  <path d="M332 736q0-164 180-164t180 164z" fill="#ffffff"/>
  <circle cx="736" cy="736" r="132" fill="#2fbf71" stroke="#ffffff" stroke-width="28"/>
  <path d="M676 738l44 44 84-92" fill="none" stroke="#ffffff" stroke-width="40" stroke-linecap="round" stroke-linejoin="round"/>
</svg>`

// Tray: a small head-and-shoulders glyph with a status dot (green synced, blue syncing, amber attention).
const trayIcon = (dot) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
  <circle cx="14" cy="10" r="6" fill="#5f6b7a"/>
  <path d="M3 28q0-10 11-10t11 10z" fill="#5f6b7a"/>
  <circle cx="25" cy="24" r="6.5" fill="${dot}" stroke="#ffffff" stroke-width="1.5"/>
</svg>`
const TRAY = { idle: '#2fbf71', busy: '#2f7fd8', attention: '#e8a317' }

const render = (svg, size) => sharp(Buffer.from(svg), { density: 384 }).resize(size, size).png({ compressionLevel: 9 }).toBuffer()

const master = await render(appIcon, 1024)
writeFileSync(join(dir, 'icon.svg'), appIcon)
writeFileSync(join(dir, 'icon.png'), await render(appIcon, 512))
mkdirSync(join(dir, 'icons'), { recursive: true })
for (const size of [16, 32, 48, 64, 128, 256, 512]) writeFileSync(join(dir, 'icons', `${size}x${size}.png`), await render(appIcon, size))
writeFileSync(join(dir, 'icon.ico'), png2icons.createICO(master, png2icons.BICUBIC2, 0, false, true))
writeFileSync(join(dir, 'icon.icns'), png2icons.createICNS(master, png2icons.BICUBIC2, 0))
mkdirSync(join(dir, 'tray'), { recursive: true })
for (const [state, dot] of Object.entries(TRAY)) {
  writeFileSync(join(dir, 'tray', `${state}.png`), await render(trayIcon(dot), 16))
  writeFileSync(join(dir, 'tray', `${state}@2x.png`), await render(trayIcon(dot), 32))
}
console.log('icons written to', dir)
