import { useStation } from '../store'
import { getBridge } from '../store/bridge-holder'
import type { TargetTestResult } from './target-form'

/** Tests a back end. The core takes the answer as news of the target's health, so the pills are read again. */
export async function testTarget(id: string): Promise<TargetTestResult> {
  const result = await getBridge().invoke('target.test', { id })
  // a summary that fails to load leaves the last one shown; the test result itself is what was asked for
  void useStation.getState().loadSyncSummary().catch(() => undefined)
  return result
}
