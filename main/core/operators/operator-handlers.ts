import type { Station } from '../station'
import type { ChannelParsedInput, ChannelResult } from '../../../common/contract'
import type { operatorChannels } from '../../../common/contract/operators'
import { AccessGuard } from './access-guard'
import { sessionOperatorOf } from './operator-service'
import type { OperatorSession } from './session'
import { auditCsv, auditList } from './audit-trail'

type OperatorChannel = keyof typeof operatorChannels
type OperatorHandlers = { [C in OperatorChannel]: (input: ChannelParsedInput<C>) => Promise<ChannelResult<C>> | ChannelResult<C> }

/** The session, operator and audit channels of one caller's session. */
export function operatorHandlers(station: Station, session: OperatorSession): OperatorHandlers {
  const { operators, security } = station
  return {
    'session.status': () => {
      new AccessGuard(station, session).refreshSession()
      // the page asks while someone works at it without calling anything else (typing a long
      // form): a session still open counts that as activity, so the idle lock follows the desk
      if (session.operator && !session.locked) session.touch()
      return {
        operator: session.operator,
        needsFirstAdministrator: operators.count() === 0,
        locked: session.locked,
        idleLockMinutes: security.get().idleLockMinutes,
        station: station.name,
      }
    },
    'session.setUp': async (credentials) => {
      const operator = sessionOperatorOf(await operators.setUp(credentials))
      session.signIn(operator)
      return { operator }
    },
    'session.signIn': async ({ name, password }) => {
      const operator = sessionOperatorOf(await operators.authenticate(name, password, security.get().maxFailedAttempts))
      session.signIn(operator)
      return { operator }
    },
    'session.signOut': async () => {
      if (session.operator && !session.trusted) await operators.record(session.operator, 'sign_out')
      session.signOut()
      return {}
    },
    'session.lock': async () => {
      if (session.operator && !session.trusted && !session.locked) await operators.record(session.operator, 'lock')
      session.lock()
      return {}
    },

    'operator.list': () => operators.list(),
    'operator.add': (input) => operators.add(input, session.actor()),
    'operator.edit': (input) => operators.edit(input, session.actor()),

    'audit.list': (query) => auditList(station, query),
    'audit.export': async (filter) => {
      const { bytes, count } = await auditCsv(station, filter)
      return { base64: bytes.toString('base64'), count }
    },
  }
}
