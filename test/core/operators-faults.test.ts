/**
 * Operator accounts under injected disk faults: adding an operator, changing a role, setting a
 * new password and disabling an account, each followed by the close that compacts the register.
 * A round with no fault counts the file calls each makes; then every fault kind fails the k-th
 * call of its class (a power cut, plain or torn, at every call). After each round, on a reopened
 * register:
 *   - it opens, with no damaged file;
 *   - an acknowledged change is there (the new operator and the new password sign in);
 *   - a refused one is a coded error and leaves no trace: every account and the audit trail
 *     exactly as before (no half account), and after a refused password change the old password
 *     still signs in;
 *   - after a power cut, the register holds the accounts either as before or as changed.
 * A password is hashed with scrypt (about half a second here), so the two changes that hash one
 * are failed at every call of their own transaction only; the role change and the disabling
 * also at every call of the close after it.
 * And wrong passwords on a disk that stays full are still counted, delayed and locked out.
 */
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { isCoreError, type CoreError } from '../../common/errors/core-error'
import { Store } from '../../main/core/store/store'
import { OperatorService, type StoredOperator } from '../../main/core/operators/operator-service'
import { CLASS_OF_FAULT, FaultFs, type CallClass, type FaultKind } from '../helpers/fault-fs'
import { tempDir } from '../helpers/temp'

const KINDS: FaultKind[] = ['short-write', 'short-then-enospc', 'enospc', 'eio-write', 'fsync-fail', 'eio-meta', 'disk-stays-full', 'power-cut', 'power-cut-torn']
/** e.g. FAULT_ONLY=password:fsync-fail:1 replays one round */
const ONLY = process.env.FAULT_ONLY
const MAX_TRIES = 5
const OPTIONS = { compactAfterBytes: 1 << 30 }

interface Change {
  name: string
  hashes: boolean
  run(operators: OperatorService): Promise<unknown>
  /** On the reopened register: the change is there (signing in where a password changed). */
  isThere(operators: OperatorService): Promise<boolean>
}

const desk = (operators: OperatorService, name: string) => operators.byName(name)!
const signsIn = (operators: OperatorService, name: string, password: string) =>
  operators.authenticate(name, password, MAX_TRIES).then(
    () => true,
    () => false,
  )

const CHANGES: Change[] = [
  {
    name: 'add',
    hashes: true,
    run: (operators) => operators.add({ name: 'Newcomer', role: 'reception', password: 'newcomer-pin' }, 'Root'),
    isThere: async (operators) => operators.byName('Newcomer')?.role === 'reception' && (await signsIn(operators, 'Newcomer', 'newcomer-pin')),
  },
  {
    name: 'role',
    hashes: false,
    run: (operators) => operators.edit({ id: desk(operators, 'Desk One').id, role: 'security' }, 'Root'),
    isThere: async (operators) => desk(operators, 'Desk One').role === 'security',
  },
  {
    name: 'password',
    hashes: true,
    run: (operators) => operators.edit({ id: desk(operators, 'Desk One').id, password: 'second-pin' }, 'Root'),
    isThere: (operators) => signsIn(operators, 'Desk One', 'second-pin'),
  },
  {
    name: 'disable',
    hashes: false,
    run: (operators) => operators.edit({ id: desk(operators, 'Desk Two').id, disabled: true }, 'Root'),
    isThere: async (operators) => desk(operators, 'Desk Two').disabled,
  },
]

interface Snapshot {
  accounts: string[]
  audit: string[]
}

function accountsOf(store: Store): string[] {
  return [...store.values<StoredOperator>('operators')].map((operator) => JSON.stringify(operator)).sort()
}

async function snapshot(store: Store): Promise<Snapshot> {
  return {
    accounts: accountsOf(store),
    audit: (await store.auditEntries((entry) => entry.entity === 'operator')).map((entry) => JSON.stringify(entry)).sort(),
  }
}

function scratchRoot(): string {
  if (!existsSync('/dev/shm')) return tempDir()
  const root = mkdtempSync('/dev/shm/enroll-operators-')
  after(() => rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }))
  return root
}

/** Opens the register on `fs`, makes the change, closes (compacting); what the caller was told. */
type Calls = Record<CallClass | 'any', number>

async function changeUnder(dataDir: string, fs: FaultFs, change: Change): Promise<{ acknowledged: boolean; error: unknown; inMemory: string[]; opened: Calls; made: Calls; closed: Calls }> {
  const store = await Store.open(dataDir, { ...OPTIONS, fs })
  const opened = { ...fs.calls }
  let acknowledged = false
  let error: unknown = null
  try {
    await change.run(new OperatorService(store))
    acknowledged = true
  } catch (caught) {
    error = caught
  }
  const made = { ...fs.calls }
  const inMemory = accountsOf(store)
  // after a power cut the program is gone: its close fails, as it would never have run
  await store.close().catch(() => {})
  return { acknowledged, error, inMemory, opened, made, closed: { ...fs.calls } }
}

test('operator changes under every injected fault: acknowledged ones survive a reopen, refused ones leave no trace', { timeout: 600_000 }, async () => {
  const root = scratchRoot()
  const baseDir = join(root, 'base')
  mkdirSync(baseDir)
  const seed = await Store.open(baseDir, OPTIONS)
  const seeded = new OperatorService(seed)
  await seeded.setUp({ name: 'Root', password: 'root-pin' })
  await seeded.add({ name: 'Desk One', role: 'reception', password: 'first-pin' }, 'Root')
  await seed.compact()
  await seeded.add({ name: 'Desk Two', role: 'reception', password: 'desk-two-pin' }, 'Root')
  await seed.close({ compact: false })
  const before = await snapshot(await Store.open(baseDir, { ...OPTIONS, readOnly: true }))

  const tally: Record<string, { rounds: number; acknowledged: number; refused: number; powerCuts: number }> = {}
  for (const change of CHANGES) {
    const dryDir = join(root, `dry-${change.name}`)
    cpSync(baseDir, dryDir, { recursive: true })
    const dry = await changeUnder(dryDir, new FaultFs(dryDir), change)
    assert.ok(dry.acknowledged, `${change.name}: with no fault the change is made`)
    rmSync(dryDir, { recursive: true, force: true })
    const since = (calls: Calls, klass: CallClass | 'any') => calls[klass] - dry.opened[klass]
    const tallied = (tally[change.name] = { rounds: 0, acknowledged: 0, refused: 0, powerCuts: 0 })

    for (const kind of KINDS) {
      const klass = CLASS_OF_FAULT[kind]
      // the calls of the change, then those of the close after it
      const ownCalls = since(dry.made, klass)
      const last = since(dry.closed, klass)
      const first = kind === 'power-cut-torn' ? 2 : 1
      const step = klass === 'any' ? 2 : 1
      for (let k = first; k <= last; k += step) {
        // where a password is hashed, only the change's own calls: the close is the same as after the others
        if (change.hashes && k > ownCalls) continue
        if (ONLY && ONLY !== `${change.name}:${kind}:${k}`) continue
        const label = `${change.name}, ${kind} at ${klass} call ${k}`
        const dataDir = join(root, `round-${change.name}-${kind}-${k}`)
        cpSync(baseDir, dataDir, { recursive: true })
        const fs = new FaultFs(dataDir, { kind, at: dry.opened[klass] + k }, () => ((k * 7919) % 1000) / 1000)
        const outcome = await changeUnder(dataDir, fs, change)
        if (fs.powerCut) {
          await fs.crash()
          rmSync(join(dataDir, 'register', 'LOCK'), { force: true })
        }
        if (fs.failedCalls.includes(`unlink ${join('register', 'LOCK')}`)) rmSync(join(dataDir, 'register', 'LOCK'), { force: true })
        tallied.rounds++

        const warnings: string[] = []
        const reopened = await Store.open(dataDir, { ...OPTIONS, onWarning: (m) => warnings.push(m) }).catch((error: Error) => assert.fail(`${label}: the register does not open: ${error.message}`))
        try {
          assert.deepEqual(warnings.filter((w) => /damaged/.test(w)), [], `${label}: no damaged file`)
          const operators = new OperatorService(reopened)
          const found = await snapshot(reopened)
          const untouched = JSON.stringify(found) === JSON.stringify(before)
          if (outcome.acknowledged && !fs.powerCut) {
            tallied.acknowledged++
            assert.ok(await change.isThere(operators), `${label}: acknowledged, so the change is there after a reopen`)
          } else if (!fs.powerCut) {
            tallied.refused++
            assert.ok(isCoreError(outcome.error), `${label}: refused with a coded error, not ${(outcome.error as Error)?.stack}`)
            assert.deepEqual(outcome.inMemory, before.accounts, `${label}: refused, so no account changed in memory either`)
            assert.ok(untouched, `${label}: refused, so every account and the audit trail are exactly as before`)
            if (change.name === 'password') {
              assert.ok(await signsIn(operators, 'Desk One', 'first-pin'), `${label}: the old password still signs in`)
            }
          } else {
            tallied.powerCuts++
            if (outcome.acknowledged) assert.ok(await change.isThere(operators), `${label}: acknowledged before the power cut, so the change is there`)
            else if (!untouched) assert.ok(await change.isThere(operators), `${label}: after the power cut, the accounts as before or as changed`)
          }
        } finally {
          await reopened.close()
        }
        rmSync(dataDir, { recursive: true, force: true })
      }
    }
  }
  console.log(`operator fault rounds: ${JSON.stringify(tally)}`)
  if (!ONLY) for (const change of CHANGES) assert.ok(tally[change.name].rounds >= (change.hashes ? 7 : 40), `${change.name}: ${tally[change.name].rounds} rounds`)
})

test('wrong passwords on a full disk still count: the name is locked out, even for the right password, though nothing could be saved; a new password lifts it', async () => {
  const dataDir = scratchRoot()
  const fs = new FaultFs(dataDir)
  const store = await Store.open(dataDir, { ...OPTIONS, fs })
  try {
    const operators = new OperatorService(store)
    await operators.setUp({ name: 'Root', password: 'root-pin' })
    await operators.add({ name: 'Desk One', role: 'reception', password: 'first-pin' }, 'Root')
    fs.arm('disk-stays-full')
    const refusal = (password: string) => operators.authenticate('Desk One', password, 2).then(
      () => assert.fail('signed in'),
      (error: CoreError) => error.messageCode,
    )
    assert.equal(await refusal('guess-one'), 'session.wrong_password', 'a wrong password is answered as one, not as a full disk')
    assert.equal(await refusal('guess-two'), 'session.locked_out', 'the second in a row locks the name out')
    assert.equal(await refusal('first-pin'), 'session.locked_out', 'and the right password waits out the lock-out too')
    assert.ok(fs.injected >= 2, 'the failures could not be saved')
    // once the disk has room, an administrator's new password lifts the lock-out held in memory
    fs.heal()
    await operators.edit({ id: operators.byName('Desk One')!.id, password: 'second-pin' }, 'Root')
    assert.ok(await signsIn(operators, 'Desk One', 'second-pin'), 'the new password signs in')
  } finally {
    fs.heal()
    await store.close()
  }
})
