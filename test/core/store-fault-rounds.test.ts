import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { Store, type StoreOptions } from '../../main/core/store/store'
import type { CollectionName } from '../../main/core/store/collections'
import { CLASS_OF_FAULT, FaultFs, type FaultKind } from '../helpers/fault-fs'
import { tempDir } from '../helpers/temp'

/**
 * The register's write paths (open, group-committed transactions, background and explicit
 * compaction, close) run again and again under one fault each: every fault kind at every call
 * index of its class (power cuts at a spread of indices). After each round:
 *   - in memory, at every quiet point: exactly the acknowledged transactions;
 *   - after a reopen: every acknowledged transaction, never a refused one (after a power cut, the
 *     acknowledged ones plus possibly some of those in flight, in order), and their audit entries;
 *   - the register always opens, with no damaged file, and takes a change again.
 */
const KINDS: FaultKind[] = ['short-write', 'short-then-enospc', 'enospc', 'eio-write', 'fsync-fail', 'eio-meta', 'disk-stays-full', 'power-cut', 'power-cut-torn']
const POWER_CUT_ROUNDS = Number(process.env.FAULT_POWER_CUT_ROUNDS ?? 30)
/** Every call index of its class, or every n-th where the calls are many or the fault mild. */
const STEP: Partial<Record<FaultKind, number>> = { 'short-write': 2, 'disk-stays-full': 2, 'eio-meta': 3 }
/** e.g. FAULT_ONLY=fsync-fail:13 replays one round */
const ONLY = process.env.FAULT_ONLY
const COLLECTIONS: CollectionName[] = ['persons', 'groups', 'sync']
const OPTIONS: StoreOptions = { recordCheck: null, compactAfterBytes: 2_500 }

type Value = { id: string; step: number; pad: string } | null
interface Tx {
  n: number
  ops: Array<[CollectionName, string, Value]>
}
type Step = { kind: 'tx'; tx: Tx } | { kind: 'batch'; txs: Tx[] } | { kind: 'compact' }
type State = Map<string, unknown>

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The same workload every round, so a call index means the same call in each. */
function workload(): Step[] {
  const random = mulberry32(13)
  let n = 0
  const tx = (): Tx => {
    n++
    const ops: Tx['ops'] = []
    const size = 1 + Math.floor(random() * 3)
    for (let i = 0; i < size; i++) {
      const collection = COLLECTIONS[Math.floor(random() * COLLECTIONS.length)]
      const id = `${collection[0]}${Math.floor(random() * (collection === 'groups' ? 3 : 12))}`
      if (ops.some(([c, k]) => c === collection && k === id)) continue
      ops.push([collection, id, random() < 0.15 ? null : { id, step: n, pad: 'x'.repeat(Math.floor(random() * 200)) }])
    }
    return { n, ops }
  }
  const steps: Step[] = []
  for (let i = 0; i < 14; i++) {
    steps.push(i % 4 === 3 ? { kind: 'batch', txs: [tx(), tx(), tx()] } : { kind: 'tx', tx: tx() })
    if (i === 6) steps.push({ kind: 'compact' })
  }
  return steps
}

function keyOf(collection: string, id: string): string {
  return `${collection}/${id}`
}

function fold(base: State, txs: Tx[]): State {
  const state = new Map(base)
  for (const tx of txs) for (const [collection, id, value] of tx.ops) value === null ? state.delete(keyOf(collection, id)) : state.set(keyOf(collection, id), value)
  return state
}

function stateOf(store: Store): State {
  const state: State = new Map()
  for (const collection of COLLECTIONS) {
    for (const value of store.values<{ id: string }>(collection)) state.set(keyOf(collection, value.id), value)
  }
  return state
}

function run(store: Store, tx: Tx): Promise<unknown> {
  return store.transact((t) => {
    for (const [collection, id, value] of tx.ops) value === null ? t.delete(collection, id) : t.put(collection, id, value)
    t.audit({ entity: 'round', entityId: 'trail', action: `t${tx.n}`, actor: 'faults' })
  })
}

interface RoundResult {
  acked: Tx[]
  unacked: Tx[]
  opened: boolean
}

async function playRound(dataDir: string, fs: FaultFs, base: State, label: string): Promise<RoundResult> {
  const outcomes: Array<{ tx: Tx; ok: boolean }> = []
  let store: Store
  try {
    store = await Store.open(dataDir, { ...OPTIONS, fs })
  } catch {
    return { acked: [], unacked: [], opened: false }
  }
  const checkMemory = (where: string) => {
    if (fs.powerCut) return
    const expected = fold(base, outcomes.filter((o) => o.ok).map((o) => o.tx))
    assert.deepEqual(stateOf(store), expected, `${label}: in memory after ${where}: exactly the acknowledged changes`)
  }
  for (const [index, step] of workload().entries()) {
    if (step.kind === 'compact') {
      await store.compact().catch(() => {})
    } else {
      const txs = step.kind === 'tx' ? [step.tx] : step.txs
      const settled = await Promise.allSettled(txs.map((tx) => run(store, tx)))
      settled.forEach((result, i) => outcomes.push({ tx: txs[i], ok: result.status === 'fulfilled' }))
    }
    checkMemory(`step ${index}`)
  }
  if (!fs.powerCut) {
    await store.close().catch(() => {})
  }
  return { acked: outcomes.filter((o) => o.ok).map((o) => o.tx), unacked: outcomes.filter((o) => !o.ok).map((o) => o.tx), opened: true }
}

async function auditActions(store: Store): Promise<Set<string>> {
  return new Set((await store.history('round', 'trail')).map((entry) => entry.action))
}

interface Tally {
  rounds: number
  injected: number
  perKind: Record<string, number>
}

/** One round: the workload under one fault on a copy of `baseDir`, then the checks after a reopen. */
async function faultRound(root: string, baseDir: string, base: State, kind: FaultKind, at: number, label: string, tally: Tally): Promise<void> {
  const dataDir = join(root, `round-${tally.rounds}`)
  cpSync(baseDir, dataDir, { recursive: true })
  const fs = new FaultFs(dataDir, { kind, at }, mulberry32(tally.rounds + 1))
  const result = await playRound(dataDir, fs, base, label)
  const cut = fs.powerCut
  if (cut) await fs.crash()
  // the program that held the lock died with the power, or could not remove it as it closed
  // (and then ended, which tells the next one the lock is stale: here it lives on, so remove it)
  if (cut || fs.failedCalls.includes(`unlink ${join('register', 'LOCK')}`)) rmSync(join(dataDir, 'register', 'LOCK'), { force: true })
  tally.injected += fs.injected
  tally.rounds++
  tally.perKind[kind] = (tally.perKind[kind] ?? 0) + 1

  const warnings: string[] = []
  const reopened = await Store.open(dataDir, { ...OPTIONS, onWarning: (m) => warnings.push(m) }).catch((error: Error) => {
    throw new Error(`${label}: the register does not open after the fault: ${error.message}`)
  })
  try {
    const found = stateOf(reopened)
    const actions = await auditActions(reopened)
    if (!cut) {
      assert.deepEqual(found, fold(base, result.acked), `${label}: after a reopen, exactly the acknowledged changes`)
      assert.deepEqual(actions, new Set(result.acked.map((tx) => `t${tx.n}`)), `${label}: the audit trail of exactly the acknowledged changes`)
    } else {
      const inFlight = [...result.unacked].sort((a, b) => a.n - b.n)
      const candidates = inFlight.map((_, k) => fold(base, [...result.acked, ...inFlight.slice(0, k + 1)].sort((a, b) => a.n - b.n)))
      candidates.unshift(fold(base, result.acked))
      assert.ok(
        candidates.some((candidate) => isDeepStrictEqual(candidate, found)),
        `${label}: after the power came back, the acknowledged changes (and maybe some in flight, in order) — found ${JSON.stringify([...found.keys()])}`,
      )
      for (const tx of result.acked) assert.ok(actions.has(`t${tx.n}`), `${label}: the audit entry of acknowledged t${tx.n} survives`)
    }
    await reopened.transact((t) => t.put('persons', 'after', { id: 'after', step: 99, pad: '' }))
  } finally {
    await reopened.close()
  }
  // a register that was whole stays whole; a damaged one may be found damaged again (and recovered again)
  if (!baseDir.endsWith('damaged')) assert.deepEqual(warnings.filter((w) => /damaged|missing/.test(w)), [], `${label}: no damaged file`)
  const settled = await Store.open(dataDir, { ...OPTIONS, onWarning: (m) => assert.fail(`${label}: still recovering on the open after: ${m}`) })
  await settled.close()
  rmSync(dataDir, { recursive: true, force: true })
}

test('the register under injected faults: acknowledged changes survive, refused ones never appear, it always opens', { timeout: 600_000 }, async () => {
  // on tmpfs where there is one: the reopens fsync for real, and the rounds are many
  const root = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/enroll-faults-') : tempDir()
  after(() => rmSync(root, { recursive: true, force: true }))
  const baseDir = join(root, 'base')
  mkdirSync(baseDir)
  const seed = await Store.open(baseDir, OPTIONS)
  for (let i = 0; i < 8; i++) await seed.transact((t) => t.put('persons', `p${i}`, { id: `p${i}`, step: 0, pad: '' }))
  await seed.compact()
  for (let i = 0; i < 4; i++) await seed.transact((t) => t.put('persons', `p${i}`, { id: `p${i}`, step: -1, pad: '' }))
  await seed.compact()
  await seed.transact((t) => t.put('groups', 'g0', { id: 'g0', step: -2, pad: '' }))
  await seed.close({ compact: false })
  const base = stateOf(await Store.open(baseDir, { ...OPTIONS, readOnly: true }))

  // the same register with a damaged persons shard (one with a last good copy): rebuilt at open
  const damagedDir = join(root, 'base-damaged')
  cpSync(baseDir, damagedDir, { recursive: true })
  const shards = join(damagedDir, 'register', 'persons')
  const victim = readdirSync(shards).find((f) => f.endsWith('.json.bak'))!.replace('.bak', '')
  writeFileSync(join(shards, victim), '{"records": {"p')

  // a round with no fault counts the calls each fault is placed on
  const dryDir = join(root, 'dry')
  cpSync(baseDir, dryDir, { recursive: true })
  const dry = new FaultFs(dryDir)
  const dryResult = await playRound(dryDir, dry, base, 'no fault')
  assert.equal(dryResult.unacked.length, 0)
  const counts = { ...dry.calls }
  const dryDamagedDir = join(root, 'dry-damaged')
  cpSync(damagedDir, dryDamagedDir, { recursive: true })
  const dryDamaged = new FaultFs(dryDamagedDir)
  await (await Store.open(dryDamagedDir, { ...OPTIONS, fs: dryDamaged, onWarning: () => {} })).close()
  const openCounts = { ...dryDamaged.calls }

  const tally: Tally = { rounds: 0, injected: 0, perKind: {} }
  for (const kind of KINDS) {
    const klass = CLASS_OF_FAULT[kind]
    const total = counts[klass]
    const step = klass === 'any' ? Math.max(1, Math.floor(total / POWER_CUT_ROUNDS)) : (STEP[kind] ?? 1)
    for (let at = 1; at <= total; at += step) {
      if (ONLY && ONLY !== `${kind}:${at}`) continue
      await faultRound(root, baseDir, base, kind, at, `${kind} at ${klass} call ${at}`, tally)
    }
  }
  const cleanRounds = tally.rounds
  // recovery under faults: every call of the open (and close) that rebuilds the damaged shard
  for (const kind of ['power-cut-torn', 'fsync-fail', 'eio-meta'] as const) {
    const klass = CLASS_OF_FAULT[kind]
    for (let at = 1; at <= openCounts[klass]; at += kind === 'eio-meta' ? 2 : 1) {
      if (ONLY && ONLY !== `damaged:${kind}:${at}`) continue
      await faultRound(root, damagedDir, base, kind, at, `recovering a damaged shard, ${kind} at ${klass} call ${at}`, tally)
    }
  }
  console.log(
    `fault rounds: ${tally.rounds} (${cleanRounds} over the workload, ${tally.rounds - cleanRounds} over a recovery; ${JSON.stringify(tally.perKind)}), faults injected: ${tally.injected}; calls in a workload round: ${JSON.stringify(counts)}`,
  )
  if (!ONLY) assert.ok(tally.rounds >= 200, `hundreds of rounds (${tally.rounds})`)
})
