// first: zod's settings must be in place before any module below builds a schema
import './zod-config'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { connectBridge } from './bridge'
import { setBridge, useStation } from './store'
import { watchingSession } from './session/watch-session'
import { App } from './app/App'
import './app/styles.css'

const root = createRoot(document.getElementById('root')!)
try {
  setBridge(watchingSession(connectBridge(), () => void useStation.getState().loadSession()))
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
} catch (error) {
  // without a bridge there is nothing to show but how to get one
  root.render(
    <main className="fatal">
      <h1>Enrollment Station · 人员登记台</h1>
      <p role="alert">{(error as Error).message}</p>
    </main>,
  )
}
