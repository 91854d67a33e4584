import type { Station } from '../station'
import { APP_VERSION } from '../app-version'
import { coreError, fromZodError, isCoreError } from '../../../common/errors/core-error'
import { CHANNELS, contract, isChannel, type Channel, type ChannelParsedInput, type ChannelResult, type BridgeErrorShape } from '../../../common/contract'
import { prepareCapture } from '../face/prepare-capture'
import { registerFaces } from '../face/register-faces'
import { prepareFile, registerLookup } from '../face/prepare-file'
import { TargetAdmin } from '../settings/target-admin'
import { targetKinds } from '../settings/target-kinds'
import { backupChannels } from '../backup'
import { siteChannels } from '../site/site-channels'
import { applyBulkAction } from '../persons/bulk-actions'
import { withBlacklistMatches } from '../blacklist/checked-person'
import { AccessGuard } from '../operators/access-guard'
import { CHANNEL_RULES } from '../../../common/operators/roles'
import { operatorHandlers } from '../operators/operator-handlers'
import { OperatorSession, trustedSession } from '../operators/session'
import { guardOf, sessionBound, type SessionBound } from '../operators/session-bound'

/**
 * One handler per channel of the contract. The mapped type makes a channel without a handler
 * (or a handler without a channel) a type error; `dispatch` validates every input first.
 */
export type Handlers = SessionBound<{ [C in Channel]: (input: ChannelParsedInput<C>) => Promise<ChannelResult<C>> | ChannelResult<C> }>

/**
 * The handlers of one caller's session (a window, a host token, a CLI run). A name instead of a
 * session is the machine's own administrator under that name, always signed in (in-process
 * callers: tests, the CLI run by the data folder's owner).
 */
export function createHandlers(station: Station, caller: OperatorSession | string): Handlers {
  const session = typeof caller === 'string' ? trustedSession(caller) : caller
  return sessionBound(CHANNELS, new AccessGuard(station, session), (actor) => channelHandlers(station, actor, session))
}

function channelHandlers(station: Station, actor: string, session: OperatorSession): Handlers {
  const { persons, groups, photos, csv } = station
  const targetAdmin = new TargetAdmin(station.targets)
  const photoFrom = (input: { base64: string; source: 'camera' | 'file' | 'import' } | { hash: string; quality?: number | null; source?: 'camera' | 'file' }) =>
    'hash' in input
      ? photos.stored(input.hash, { source: input.source ?? 'camera', quality: input.quality ?? null })
      : photos.fromFile(Buffer.from(input.base64, 'base64'), input.source)
  return {
    'app.info': () => ({ version: APP_VERSION, dataDir: station.dataDir, actor, warnings: station.store.warnings, counts: persons.counts() }),

    'person.add': async ({ photo, ...person }) => withBlacklistMatches(station, await persons.add({ ...person, photo: photo ? await photoFrom(photo) : null }, actor)),
    'person.edit': async ({ id, version, ...patch }) => withBlacklistMatches(station, await persons.edit(id, patch, version, actor)),
    'person.show': ({ id }) => persons.require(id),
    'person.list': (query) => persons.list(query),
    'person.delete': ({ id, version }) => persons.delete(id, actor, version),
    'person.restore': ({ id }) => persons.restore(id, actor),
    'person.purge': async ({ id }) => {
      const person = await station.retention.erasePerson(id, actor)
      return { id: person.id, code: person.code }
    },
    'person.setPhoto': async ({ id, version, photo }) => persons.setPhoto(id, await photoFrom(photo), actor, version),
    'person.removePhoto': ({ id, version }) => persons.setPhoto(id, null, actor, version),
    'person.history': ({ id }) => persons.history(persons.require(id).id),
    'blacklist.matchFields': ({ name, phone, certificate, excludePersonId }) =>
      station.blacklistFields.match({ name, phone: persons.storedPhone(phone), certificate }, { excludePersonId }),

    'group.list': () => groups.list(),
    'group.add': (input) => groups.add(input, actor),
    'group.edit': ({ id, patch }) => groups.edit(id, patch, actor),
    'group.delete': ({ id, detach }) => groups.delete(id, actor, { detach }),

    'csv.import': ({ base64, encoding, photosDir }) =>
      csv.import(Buffer.from(base64, 'base64'), { actor, encoding, photosDir, onProgress: progressEvents(station, 'csv.import', 'rows') }),
    'csv.export': (query) => {
      const { bytes, count } = csv.export(persons.matching(query), (groupId) => groups.get(groupId)?.name ?? groupId)
      return { base64: bytes.toString('base64'), count }
    },

    'person.bulk': (request) => applyBulkAction(persons, groups, request, actor),

    'sync.summary': () => station.sync.summary(),
    'sync.status': (query) => station.sync.status(query),
    'sync.person': ({ id }) => station.sync.person(id),
    'sync.retry': async ({ person, target }) => ({ moved: await station.sync.retry(person, target) }),
    'sync.pause': ({ target, paused }) => station.sync.pause(target, paused, actor),
    'sync.now': () => ({ woken: station.sync.now() }),
    'sync.all': async ({ target }) => ({ queued: await station.sync.syncAll(target) }),
    'sync.limits': ({ target, ...limits }) => station.sync.setLimits(target, limits, actor),
    'sync.history': ({ hours, target }) => station.sync.historySeries(hours, target),

    'face.prepare': (input) => prepareCapture(input, { dataDir: station.dataDir, ...registerLookup(station) }),
    'face.status': async () => (await registerFaces(station)).catchUp(),

    'face.prepareFile': (input) => prepareFile(input, { dataDir: station.dataDir, thresholds: station.settings.thresholds(), ...registerLookup(station) }),

    // ---- Settings: targets and capture settings ----
    'target.list': () => targetAdmin.list(),
    'target.kinds': () => targetKinds(),
    'target.add': (input) => targetAdmin.add(input, actor),
    'target.edit': (input) => targetAdmin.edit(input, actor),
    'target.test': ({ id }) => targetAdmin.test(id),
    'target.mapGroup': ({ target, group, remoteIds }) => targetAdmin.mapGroup(target, group, remoteIds, actor),
    'target.link': ({ person, target, remoteId }) => targetAdmin.link(persons.require(person).id, target, remoteId, actor),
    'target.remove': ({ id }) => targetAdmin.remove(id, actor),
    'settings.get': () => ({ capture: station.settings.capture(), security: station.security.get(), retention: station.retention.settings.get() }),
    'settings.set': async ({ capture, security, retention }) => ({
      capture: capture ? await station.settings.setCapture(capture, actor) : station.settings.capture(),
      security: security ? await station.security.set(security, actor) : station.security.get(),
      retention: retention ? await station.retention.settings.set(retention, actor) : station.retention.settings.get(),
    }),
    'retention.purgeExpired': ({ dryRun }) => station.retention.run({ dryRun, actor }),
    // ---- end Settings ----

    ...backupChannels(station, actor),
    ...operatorHandlers(station, session),
    ...siteChannels(station),
  }
}

/** A long task's progress as station events, about a hundred per run whatever its size (every listener hears each one). */
function progressEvents(station: Station, task: string, label: string) {
  return (done: number, total: number) => {
    if (done === total || done % Math.max(1, Math.ceil(total / 100)) === 0) station.events.emit({ type: 'progress', task, done, total, label })
  }
}

export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: BridgeErrorShape }

/**
 * Checks the caller's session against the channel's rule (common/operators/roles.ts), validates
 * the input against the channel's schema, checks the persons a `by_person` channel touches, runs
 * the handler and trims what the role may not see; never throws. A handler map without a session
 * is treated as signed out.
 */
export async function dispatch(handlers: Handlers, channelName: string, rawInput: unknown): Promise<DispatchResult> {
  try {
    if (!isChannel(channelName)) throw coreError('not_found', 'channel.unknown', { channel: channelName }, { field: 'channel' })
    const guard = guardOf(handlers)
    const rule = guard ? guard.admitChannel(channelName) : signedOut(channelName)
    const parsed = contract[channelName].input.safeParse(rawInput ?? {})
    if (!parsed.success) throw fromZodError(parsed.error)
    guard?.admitInput(channelName, rule, parsed.data as Record<string, unknown>)
    const handler = handlers[channelName] as (input: unknown) => unknown
    const result = await handler(parsed.data)
    guard?.touched(rule)
    return { ok: true, result: guard ? guard.shown(channelName, result) : result }
  } catch (error) {
    return { ok: false, error: toBridgeError(error) }
  }
}

function signedOut(channel: Channel) {
  if (CHANNEL_RULES[channel] !== 'public') throw coreError('unauthorized', 'session.signed_out', { channel }, { field: 'session' })
  return 'public' as const
}

export function toBridgeError(error: unknown): BridgeErrorShape {
  if (isCoreError(error)) return error.toJSON()
  // unexpected failures keep their message (the user needs something to report) but no stack
  return { code: 'internal', message: error instanceof Error ? error.message : String(error), issues: [] }
}
