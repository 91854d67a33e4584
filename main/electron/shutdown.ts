/**
 * What runs between "quit" and the process ending, in order: the sync queue parks its work
 * (finishes or puts back the request in flight), then the register closes. Each step gets a
 * time limit so a hung back end cannot keep the station from quitting; a failed step is logged
 * and the next one still runs.
 */
export interface ShutdownStepResult {
  name: string
  ok: boolean
  error?: string
}

interface Step {
  name: string
  run: () => Promise<void> | void
  timeoutMs: number
}

export class ShutdownSequence {
  private readonly steps: Step[] = []
  private running: Promise<ShutdownStepResult[]> | null = null

  add(name: string, run: () => Promise<void> | void, timeoutMs = 10_000): void {
    this.steps.push({ name, run, timeoutMs })
  }

  get started(): boolean {
    return this.running !== null
  }

  /** Runs once; later calls get the same result. */
  run(): Promise<ShutdownStepResult[]> {
    this.running ??= (async () => {
      const results: ShutdownStepResult[] = []
      for (const step of this.steps) {
        let timer: NodeJS.Timeout | undefined
        try {
          await Promise.race([
            Promise.resolve().then(step.run),
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => reject(new Error(`did not finish within ${step.timeoutMs} ms`)), step.timeoutMs)
            }),
          ])
          results.push({ name: step.name, ok: true })
        } catch (error) {
          results.push({ name: step.name, ok: false, error: error instanceof Error ? error.message : String(error) })
        } finally {
          clearTimeout(timer)
        }
      }
      return results
    })()
    return this.running
  }
}
