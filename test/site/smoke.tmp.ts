import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openStation } from '../../main/core/station'
import { createHandlers, dispatch } from '../../main/core/api/handlers'
import { startSiteHub } from '../helpers/site-hub'
import { cuttableLink } from './cuttable-link'

const hub = await startSiteHub({ users: { a: 'pa', b: 'pb', c: 'pc' } })
const link = await cuttableLink(hub.port)
const face = process.argv.includes('face')
const A = await openStation({ dataDir: await mkdtemp(join(tmpdir(), 'site-a-')), onWarning: console.log, faceProcessing: face })
const B = await openStation({ dataDir: await mkdtemp(join(tmpdir(), 'site-b-')), onWarning: console.log })
const C = await openStation({ dataDir: await mkdtemp(join(tmpdir(), 'site-c-')), onWarning: console.log, faceProcessing: face })
const [ha, hb, hc] = [A, B, C].map(s => createHandlers(s, 'x'))
const call = async (h: any, ch: string, input: any) => { const o = await dispatch(h, ch, input); if (!o.ok) throw new Error(o.error.message); return o.result as any }
setInterval(() => { console.log([A,B,C].map(S => JSON.stringify((S.site as any).bridge?.counts)).join(' '), process.memoryUsage().heapUsed >> 20, 'MB') }, 1000).unref()
await call(ha, 'site.join', { url: hub.url, user: 'a', password: 'wrong' }).catch(e => console.log(e.message))
await call(ha, 'group.add', { id: 'lobby', name: 'Lobby' })
await call(ha, 'group.add', { id: 'garage', name: 'Garage' })
await call(ha, 'person.add', { name: 'Wang Fang', type: 'employee', code: 'E1001', groups: ['lobby'] })
await call(hb, 'group.add', { id: 'lobby', name: 'Lobby' })
await call(hb, 'person.add', { name: 'Wang Fang', type: 'employee', code: 'E1001', phone: '13800138000' })
await call(hc, 'person.add', { name: 'Only at C', type: 'visitor' })
console.log(await call(ha, 'site.join', { url: hub.url, user: 'a', password: 'pa', desk: 'desk-a', resolver: true }))
console.log(await call(hb, 'site.join', { url: link.url, user: 'b', password: 'pb', desk: 'desk-b' }))
console.log(await call(hc, 'site.join', { url: hub.url, user: 'c', password: 'pc', desk: 'desk-c', mode: 'replace' }))
for (let i = 0; i < 60; i++) { for (const h of [ha, hb, hc]) await call(h, 'person.list', { text: 'E1001' }); await new Promise(r => setTimeout(r, 100)) }
await A.close(); await B.close(); await C.close(); await link.close(); await hub.close()
