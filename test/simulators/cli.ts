import { parseArgs } from 'node:util'
import { simulatedKinds, startSimulator, type Faults, type SimKind } from '.'

const USAGE = `npm run sim -- <kind> [--port P] [--seed S] [--faults JSON] [--preload ID,ID…]

kinds: ${simulatedKinds().join(', ')}
--faults   e.g. '{"error5xx":0.3,"timeout":0.1,"reset":0.1,"rateLimit":0.2,"tokenExpiresEveryCalls":50}'
           (also lostReply, slow + slowMs, retryAfterSeconds; probabilities per request)
--preload  remote ids that already exist (ISDP, HYAPI and YCE only update existing persons)`

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: { port: { type: 'string' }, seed: { type: 'string' }, faults: { type: 'string' }, preload: { type: 'string' }, help: { type: 'boolean' } },
    allowPositionals: true,
  })
  const kind = positionals[0] as SimKind | undefined
  if (values.help || !kind || !simulatedKinds().includes(kind)) {
    console.error(USAGE)
    return values.help ? 0 : 2
  }
  let faults: Faults = {}
  if (values.faults) {
    try {
      faults = JSON.parse(values.faults) as Faults
    } catch {
      console.error('faults: not valid JSON')
      return 2
    }
  }
  const sim = await startSimulator(kind, { port: values.port ? Number(values.port) : undefined, seed: values.seed ? Number(values.seed) : 1, faults })
  if (values.preload) sim.preload(values.preload.split(',').filter(Boolean).map((remoteId) => ({ remoteId, personCode: remoteId })))
  const { baseUrl, settings, secrets, cliArgs } = sim.credentials
  console.log(`${kind} simulator listening on ${sim.url}`)
  console.log(`settings: ${JSON.stringify(settings)}`)
  console.log(`secrets:  ${JSON.stringify(secrets)}  (simulator credentials, not real ones)`)
  console.log(`faults:   ${JSON.stringify(faults)}`)
  console.log(`\nenroll target add ${kind} --name ${kind}-sim --base-url ${baseUrl} ${cliArgs.map(quote).join(' ')}`)
  console.log(`enroll target test ${kind}-sim\n\nCtrl-C to stop.`)

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  const stats = sim.stats()
  await sim.close()
  console.log(`\nstopped: ${stats.requests} requests, ${stats.creates} creates, ${stats.updates} updates, ${stats.deletes} deletes, ${stats.logins} logins`)
  return 0
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  },
)
