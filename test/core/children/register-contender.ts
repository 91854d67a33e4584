// Child process for the two-writer race: one of several processes that try to open the same
// register at the same instant. Commands on stdin, one per line:
//   arm <dataDir> <round>   get ready; answers "armed"; SIGUSR2 then opens the register
//   release                 (the winner) close the register; answers "closed"
//   exit
// On SIGUSR2 it answers "won" and writes PER_ROUND persons, "ack <id>" after each is durable,
// then "written"; or "lost <message>" when the register is held.
import { createInterface } from 'node:readline'
import { Store } from '../../../main/core/store/store'

const PER_ROUND = 10
const name = process.argv[2]
let armed: { dataDir: string; round: number } | null = null
let store: Store | null = null

function say(line: string): void {
  process.stdout.write(`${line}\n`)
}

process.on('SIGUSR2', () => {
  const target = armed
  armed = null
  if (!target) return
  Store.open(target.dataDir, { purpose: `contender ${name}`, recordCheck: null }).then(
    async (opened) => {
      store = opened
      say('won')
      for (let i = 0; i < PER_ROUND; i++) {
        const id = `r${target.round}-${name}-${i}`
        await opened.transact((tx) => tx.put('persons', id, { id, round: target.round, by: name }))
        say(`ack ${id}`)
      }
      say('written')
    },
    (error: Error) => say(`lost ${error.message.replace(/\n/g, ' ')}`),
  )
})

for await (const line of createInterface({ input: process.stdin })) {
  const [command, ...args] = line.split(' ')
  if (command === 'arm') {
    armed = { dataDir: args[0], round: Number(args[1]) }
    say('armed')
  } else if (command === 'release') {
    const held = store as Store | null // set by the signal handler
    await held?.close({ compact: Number(args[0] ?? 0) % 2 === 0 })
    store = null
    say('closed')
  } else if (command === 'exit') {
    break
  }
}
process.exit(0)
