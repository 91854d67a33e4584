import { fileURLToPath } from 'node:url'
import { resolve } from 'node:path'
import { rmSync } from 'node:fs'
import type { CliCommand } from '../command'
import { CliError, cliError } from '../command'
import { parse } from '../args'
import { startLoopbackHost } from '../../host/loopback-host'
import { createStationLog, defaultLogDir } from '../../logging/station-log'

const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../../out/renderer', import.meta.url))

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'serve the desk UI and the register on http://127.0.0.1 (for a browser or a second screen)',
  usage: 'enroll serve [--port P] [--renderer DIR] [--no-sync]\n  Prints the URL to open first (it carries a new token each start); Ctrl+C stops.',
  async run(argv, ctx) {
    const { values } = parse(argv, { port: { type: 'string' }, renderer: { type: 'string' }, 'no-sync': { type: 'boolean' } }, false)
    const port = values.port !== undefined ? Number(values.port) : 0
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw cliError('port', 'cli.port_range')
    const host = await startLoopbackHost({
      station: ctx.station,
      rendererDir: values.renderer ? resolve(values.renderer) : DEFAULT_RENDERER_DIR,
      port,
    }).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'EADDRINUSE' ? cliError('port', 'cli.port_in_use', { port: String(port) }, { exitCode: 1 }) : new CliError(`serve: ${error.message}`, 1)
    })
    // The host catches every request's failure itself; this net only keeps a long-running server
    // answering if something outside a request (a stray timer, a library's callback) rejects.
    const log = createStationLog({ folder: defaultLogDir(), fileName: 'serve.log', echo: true })
    process.on('unhandledRejection', (reason) => log.error('the server keeps running after', reason))
    // the token must not outlive the server, however the process ends
    process.once('exit', () => rmSync(host.tokenFile, { force: true }))
    // The first line is the URL, so scripts and tests can read it.
    console.log(host.openUrl)
    // search and the sorted persons list are ready before the first keystroke
    void ctx.station.persons.warmUp()
    // Like the desktop app, a served station pushes its changes to the back ends as they happen.
    if (!values['no-sync']) ctx.station.sync.start().catch((error: Error) => log.warn(`the sync queue could not start: ${error.message}`))
    // visitors kept longer than the station's retention are purged once a day, as in the desktop app
    const stopRetention = ctx.station.retention.daily((message) => log.warn(message))
    log.info(`serving ${ctx.station.dataDir} at ${host.url} (token also in ${host.tokenFile}; log ${log.path})`)
    console.error('Ctrl+C stops.')
    await new Promise<void>((resolveStop) => {
      const stop = () => resolveStop()
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })
    log.info('stopping')
    stopRetention()
    await host.close()
    return 0
  },
}
