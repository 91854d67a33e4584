import type { Bridge } from '../bridge'

/** The one bridge the stores talk through; set at start-up (or by a test with an in-memory bridge). */
let current: Bridge | null = null

export function setBridge(bridge: Bridge | null): void {
  current = bridge
}

export function getBridge(): Bridge {
  if (!current) throw new Error('The station bridge is not connected yet')
  return current
}
