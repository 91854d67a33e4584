import { checkFields, Counters, isRecord, readJson, TokenBook, type FieldProblem, type FieldRule, type PreloadEntry, type SimCredentials, type SimOptions, type SimRecord } from './common'
import { json, type Faults, type SimReply, type SimRequest } from './server'

/**
 * YCE console (003_…txt): POST /api/v1/user/update answering {code, message, data}, code 0 = OK,
 * always HTTP 200. Held to the document:
 * - `Authorization: $SessionId` — the header is the bare session id, as in the document's curl
 *   (`-H "Authorization":"8ea98925-…"`); anything else (a missing, unknown or expired id, a JSON
 *   text, a "Bearer …" prefix) is code 1402 "session invalid";
 * - the body's fields are those of the request samples, with their types: op a number (the
 *   sample's `1`), name, orgId, password, orgName and navList strings, type a string "0"–"3"
 *   (the 2017-02-10 revision's `"type":"3"`); a field no revision shows, a wrong type, a missing
 *   op/name/orgId or an empty string where a value is meant is code 1002;
 * - any Content-Type is read as JSON (the document's curl sends none of its own).
 * The document leaves open (the simulator's choices):
 * - the login call, which it does not show: POST /api/v1/users/login {username, password} →
 *   {code:0, data:"<JSON text>"}: `data` is a string holding userName, userId, orgId and
 *   sessionId, the shape a YCE console answers; wrong credentials → code 1001 "用户名或密码错误";
 * - op must be the logged-in administrator's userId and orgId its org (1403 otherwise);
 * - name must be an existing user (1404 "用户不存在"); navList must be a JSON text with a list.
 */
export interface YceSimOptions extends SimOptions {
  adminUserId?: number
  orgId?: string
}

const USERNAME = 'sim-admin'
const PASSWORD = 'sim-admin-password'

/** The update body across the document's three revisions (2016-11-08 … 2017-02-14). */
const UPDATE_FIELDS: Record<string, FieldRule> = {
  op: { type: 'int', required: true },
  name: { type: 'string', required: true, nonEmpty: true },
  orgId: { type: 'string', required: true, nonEmpty: true },
  password: { type: 'string', nonEmpty: true },
  orgName: { type: 'string', nonEmpty: true },
  navList: { type: 'string', nonEmpty: true },
  type: { type: 'string', values: ['0', '1', '2', '3'] },
}

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
    const sessionId = sessions.issue(String(adminUserId))
    return answer(0, 'OK', JSON.stringify({ userName: USERNAME, userId: adminUserId, orgId, sessionId, navList: '{"list":[]}' }))
  }

  function update(request: SimRequest): SimReply {
    const session = sessions.use(request.header('Authorization'))
    if (session.state !== 'ok') return answer(1402, 'session invalid')
    const body = readJson(request.body)
    if (!isRecord(body)) return answer(1002, '请求参数格式错误')
    const problem = checkFields(body, UPDATE_FIELDS)
    if (problem) return answer(1002, `参数错误: ${describeProblem(problem)}`)
    if (body.navList !== undefined && !isNavList(body.navList as string)) return answer(1002, '参数错误: navList 必须是含 list 的 JSON 文本')
    if (body.op !== adminUserId || body.orgId !== orgId) return answer(1403, '无权限: op 或 orgId 与当前管理员不符')
    const name = body.name as string
    const user = users.get(name)
    if (!user) return answer(1404, `用户不存在: ${name}`)
    if (body.type !== undefined) user.type = body.type
    if (body.orgName !== undefined) user.orgName = body.orgName
    if (body.navList !== undefined) user.navList = body.navList
    if (body.password !== undefined) user.passwordChanged = true
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

function isNavList(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text)
    return isRecord(parsed) && Array.isArray(parsed.list)
  } catch {
    return false
  }
}

function describeProblem(problem: FieldProblem): string {
  switch (problem.problem) {
    case 'unknown':
      return `未知字段 ${problem.field}`
    case 'required':
      return `${problem.field} 不能为空`
    case 'empty':
      return `${problem.field} 不能为空字符串`
    case 'type':
      return `${problem.field} 类型错误，应为 ${problem.expected}`
    case 'value':
      return `${problem.field} 取值无效: ${JSON.stringify(problem.value)}`
    case 'format':
      return `${problem.field} 格式错误: ${problem.value}`
  }
}

/** What startSimulator('yce') runs (found by this file's name; see index.ts). */
export const simulator = createYceSim

declare module './index' {
  interface SimulatorKinds {
    yce: typeof createYceSim
  }
}
