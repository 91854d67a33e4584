import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import type { Channel, ChannelInput, ChannelResult } from '../../common/contract'
import type { Person } from '../../common/model/person'
import { REPO_ROOT } from '../helpers/temp'

const RUNNER = 'test/site/desk-runner.ts'

export interface DeskRegister {
  persons: Array<Omit<Person, 'version'>>
  groups: Array<{ id: string; name: string }>
}

/** A desk process (desk-runner.ts) and a typed way to call it. */
export class DeskProcess {
  private readonly child: ChildProcess
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()
  private next = 0
  private stderr = ''
  readonly ready: Promise<void>

  constructor(
    readonly name: string,
    readonly dataDir: string,
    options: { face?: boolean; push?: boolean } = {},
  ) {
    this.child = spawn(process.execPath, ['--import', 'tsx', RUNNER, dataDir, name, ...(options.face ? ['--face'] : []), ...(options.push ? ['--push'] : [])], {
      cwd: REPO_ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    this.child.stderr!.on('data', (chunk) => {
      this.stderr += chunk
      if (process.env.SITE_DEBUG) process.stderr.write(chunk)
    })
    let markReady!: () => void
    let failReady!: (error: Error) => void
    this.ready = new Promise((resolve, reject) => {
      markReady = resolve
      failReady = reject
    })
    this.child.once('exit', (code) => {
      const error = new Error(`desk ${name} exited (${code}): ${this.stderr.slice(-2000)}`)
      failReady(error)
      for (const { reject } of this.waiting.values()) reject(error)
      this.waiting.clear()
    })
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      const message = JSON.parse(line) as { ready?: boolean; id?: number; ok?: boolean; result?: unknown; error?: { message: string } }
      if (message.ready) return markReady()
      const waiter = this.waiting.get(message.id!)
      if (!waiter) return
      this.waiting.delete(message.id!)
      if (message.ok) waiter.resolve(message.result)
      else waiter.reject(Object.assign(new Error(`${name}: ${message.error?.message}`), { shape: message.error }))
    })
  }

  call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelResult<C>> {
    return this.send({ channel, input }) as Promise<ChannelResult<C>>
  }

  /** A channel as an operator session of this desk (`session` names it; it starts signed out). */
  asSession(session: string, channel: string, input: unknown = {}): Promise<unknown> {
    return this.send({ op: 'session', session, channel, input })
  }

  /** The compaction a removal started on this desk is done. */
  compacted(): Promise<void> {
    return this.send({ op: 'compacted' }) as Promise<void>
  }

  /** Starts the desk's sync worker: on a site desk, its pusher leases with it. */
  startSync(): Promise<void> {
    return this.send({ op: 'startSync' }) as Promise<void>
  }

  settle(): Promise<void> {
    return this.send({ op: 'settle' }) as Promise<void>
  }

  register(): Promise<DeskRegister> {
    return this.send({ op: 'register' }) as Promise<DeskRegister>
  }

  siteAudit(entityId: string): Promise<Array<{ action: string; desk: string; actor: string; changes: Record<string, unknown> }>> {
    return this.send({ op: 'siteAudit', entityId }) as Promise<Array<{ action: string; desk: string; actor: string; changes: Record<string, unknown> }>>
  }

  conflicts(): Promise<string[]> {
    return this.send({ op: 'conflicts' }) as Promise<string[]>
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return
    const exited = new Promise((resolve) => this.child.once('exit', resolve))
    await this.send({ op: 'close' }).catch(() => {})
    await exited
  }

  kill(): void {
    this.child.kill('SIGKILL')
  }

  private send(request: object): Promise<unknown> {
    const id = ++this.next
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject })
      this.child.stdin!.write(`${JSON.stringify({ id, ...request })}\n`)
    })
  }
}
