/** Electron's entry point (package.json "main" → out/main/index.js); everything is in main/electron/. */
import { startDesktopApp } from './electron/app'

startDesktopApp()
