// Child process of the lease acceptance test: one site desk that pushes, opened as the app opens
// its station (site mode: the register replicating with the hub; the sync worker gated by the
// pusher leases, here with short durations). Prints "ready" once pushing; on SIGTERM it stops
// cleanly (handing its leases back) and prints "closed". The test kills it with SIGKILL.
import { openStation } from '../../../main/core/station'

const [dataDir, leaseJson] = process.argv.slice(2)
const station = await openStation({
  dataDir,
  sync: { callTimeoutMs: 1_000, backoff: { baseMs: 20, capMs: 300 }, probe: { baseMs: 20, capMs: 300 }, unreachableAfter: 50 },
  sitePusher: { lease: JSON.parse(leaseJson), publishEveryMs: 20 },
  onWarning: (message) => process.stderr.write(`warning: ${message}\n`),
})
if (!station.site.active) throw new Error(`${dataDir} has not joined a site`)
await station.sync.start()
process.stdout.write('ready\n')

// the test holds stdin open: when it goes, so does this desk
process.stdin.on('end', () => process.exit(1)).resume()
process.once('SIGTERM', () => {
  void (async () => {
    await station.close({ syncStopTimeoutMs: 2_000 })
    process.stdout.write('closed\n')
    process.exit(0)
  })()
})
