import { startSiteHub } from '../helpers/site-hub'
import { DeskProcess } from './desk-process'
import { mkdtempSync } from 'node:fs'
const hub = await startSiteHub({ users: { 'desk-a': 'pa' } })
const a = new DeskProcess('desk-a', mkdtempSync('/tmp/site-x-'), { face: process.argv.includes('face') })
await a.ready
console.log('ready')
await a.call('group.add', { id: 'lobby', name: 'Lobby' })
await a.call('person.add', { name: 'Wang Fang', type: 'employee', code: 'E1001', groups: ['lobby'] })
console.log('added')
console.log(await a.call('site.join', { url: hub.url, user: 'desk-a', password: 'wrong' }).catch(e => e.message))
const t0 = Date.now()
console.log(await a.call('site.join', { url: hub.url, user: 'desk-a', password: 'pa', desk: 'desk-a', resolver: true }), Date.now() - t0)
console.log(await a.call('person.list', {}))
await a.close(); await hub.close()
