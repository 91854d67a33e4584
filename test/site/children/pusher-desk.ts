// Child process of the lease acceptance test: one site desk that pushes. It opens its station
// (site mode: the register replicating with the hub), takes part in the pusher leases with short
// durations, and pushes while it holds them. Prints "ready" once running; on SIGTERM it stops
// cleanly (handing its leases back) and prints "closed". The test kills it with SIGKILL.
import { openStation } from '../../../main/core/station'
import { PusherGate, startSitePusher } from '../../../main/core/site/lease/start-site-pusher'

const [dataDir, leaseJson] = process.argv.slice(2)
const gate = new PusherGate()
const station = await openStation({
  dataDir,
  sync: { callTimeoutMs: 1_000, backoff: { baseMs: 20, capMs: 300 }, probe: { baseMs: 20, capMs: 300 }, unreachableAfter: 50, mayPush: gate.mayPush },
  onWarning: (message) => process.stderr.write(`warning: ${message}\n`),
})
const pusher = await startSitePusher(station, { gate, lease: JSON.parse(leaseJson), publishEveryMs: 20, onWarning: (message) => process.stderr.write(`warning: ${message}\n`) })
if (!pusher) throw new Error(`${dataDir} has not joined a site`)
await station.sync.start()
process.stdout.write('ready\n')

// the test holds stdin open: when it goes, so does this desk
process.stdin.on('end', () => process.exit(1)).resume()
process.once('SIGTERM', () => {
  void (async () => {
    await station.sync.stop({ timeoutMs: 2_000 })
    await pusher.stop()
    await station.close()
    process.stdout.write('closed\n')
    process.exit(0)
  })()
})
