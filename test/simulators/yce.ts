import { Counters, isRecord, readJson, TokenBook, type PreloadEntry, type SimCredentials, type SimOptions, type SimRecord } from './common'
import { json, type Faults, type SimReply, type SimRequest } from './server'

/**
 * YCE console (003_…txt): POST /api/v1/user/update with `Authorization: <SessionId>`, answering
 * {code, message, data}, code 0 = OK, always HTTP 200. The document names the login call only;
 * the simulator's choices:
 * - POST /api/v1/users/login {username, password} → {code:0, data:{sessionId, userId, orgId}};
 *   wrong credentials → code 1001 "用户名或密码错误";
 * - a missing, unknown or expired session → code 1401 "会话已过期，请重新登录";
 * - op must be the logged-in administrator's userId and orgId its org (1403 otherwise);
 * - name is required (1002) and must be an existing user (1404 "用户不存在");
 * - type, when given, is "0"–"3" (string or number) per the 2017-02-10 revision (1002 otherwise).
 */
export interface YceSimOptions extends SimOptions {
  adminUserId?: number
  orgId?: string
}

const USERNAME = 'sim-admin'
const PASSWORD = 'sim-admin-password'

export function createYceSim(options: YceSimOptions, faults: () => Faults) {
  const now = options.now ?? Date.now
  const adminUserId = options.adminUserId ?? 1
  const orgId = options.orgId ?? '3'
  const sessions = new TokenBook(options.tokenTtlMs ?? 30 * 60_000, now, faults)
  const users = new Map<string, Record<string, unknown>>()
  const counters = new Counters()

  const answer = (code: number, message: string, data: unknown = null) => json(200, { code, message, data })

  function login(request: SimRequest): SimReply {
    const body = readJson(request.body)
    if (!isRecord(body) || body.username !== USERNAME || body.password !== PASSWORD) return answer(1001, '用户名或密码错误')
    counters.logins++
    return answer(0, 'OK', { sessionId: sessions.issue(String(adminUserId)), userId: adminUserId, orgId, userName: USERNAME })
  }

  function update(request: SimRequest): SimReply {
    const session = sessions.use(request.header('Authorization'))
    if (session.state !== 'ok') return answer(1401, '会话已过期，请重新登录')
    const body = readJson(request.body)
    if (!isRecord(body)) return answer(1002, '请求参数格式错误')
    if (Number(body.op) !== adminUserId || String(body.orgId) !== orgId) return answer(1403, '无权限: op 或 orgId 与当前管理员不符')
    if (typeof body.name !== 'string' || body.name === '') return answer(1002, 'name 不能为空')
    if (body.type !== undefined && !['0', '1', '2', '3'].includes(String(body.type))) return answer(1002, `type 取值无效: ${String(body.type)}`)
    if (body.orgName !== undefined && typeof body.orgName !== 'string') return answer(1002, 'orgName 必须是字符串')
    const user = users.get(body.name)
    if (!user) return answer(1404, `用户不存在: ${body.name}`)
    if (body.type !== undefined) user.type = String(body.type)
    if (body.orgName !== undefined) user.orgName = body.orgName
    if (typeof body.password === 'string') user.passwordChanged = true
    counters.updates++
    return answer(0, 'OK')
  }

  function handler(request: SimRequest): SimReply {
    if (request.method === 'POST' && request.path === '/api/v1/users/login') return login(request)
    if (request.method === 'POST' && request.path === '/api/v1/user/update') return update(request)
    return json(404, { code: 404, message: `not found: ${request.path}`, data: null })
  }

  const credentials = (baseUrl: string): SimCredentials => ({
    baseUrl,
    settings: { username: USERNAME, orgId, op: adminUserId },
    secrets: { password: PASSWORD },
    cliArgs: ['--username', USERNAME, '--password', PASSWORD, '--org-id', orgId, '--op', String(adminUserId)],
  })

  return {
    handler,
    counters,
    credentials,
    faultReply: (status: number) => json(status, { code: status, message: status === 429 ? 'too many requests' : 'internal error', data: null }),
    records: (): SimRecord[] =>
      [...users.entries()].map(([name, user]) => ({
        remoteId: name,
        personCode: null,
        name,
        enabled: user.type !== '0',
        deleted: false,
        raw: { name, ...user },
      })),
    preload(entries: PreloadEntry[]) {
      for (const entry of entries) users.set(entry.remoteId, { type: '1', orgName: '' })
    },
  }
}
