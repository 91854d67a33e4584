import { checkFields, Counters, isRecord, readJson, type FieldRule, type PreloadEntry, type SimCredentials, type SimOptions, type SimRecord } from './common'
import { json, type SimReply, type SimRequest } from './server'

/**
 * HYAPI AssistantService PUT Account/{id} (002_…txt): an ASP.NET Web API service taking the
 * UserInformationModel as JSON, DataContract XML or a form (the three request formats listed)
 * and answering {State, Message, Data} in JSON or XML after the Accept header. Held to the
 * document, in ASP.NET's order:
 * - routing first: a path with no route is 404 "No HTTP resource was found…", a method other
 *   than PUT on Account/{id} is 405 "…does not support http method…" — both before any
 *   authentication, so neither says anything about the credential;
 * - then the admin credential ("允许操作角色:管理员"), then the body: only the ten members of
 *   UserInformationModel, strings as strings and single_user_login/on_line as booleans; another
 *   member or type is 400 "The request is invalid." with ModelState, like a validating service;
 *   user_name is Required: missing or empty is State 0 "用户姓名不能为空";
 * - XML members follow DataContractSerializer: default namespace Service.API.Model, members in
 *   ordinal order (an out-of-order member silently ignored, as the serializer does).
 * The document leaves open (the simulator's choices):
 * - the credential scheme: one header (default `Authorization: Basic …`); a missing or unknown
 *   value gets ASP.NET's 401 {"Message":"Authorization has been denied for this request."};
 *   an operator's credential is accepted but refused (State 0): "admin only";
 * - an unknown id answers State 0 "用户不存在"; other strings may be "" (no format is given);
 * - omitted members keep their value (the service is taken to merge).
 */
export interface HyapiSimOptions extends SimOptions {
  headerName?: string
  adminValue?: string
  operatorValue?: string
}

const DATA_CONTRACT_NS = 'http://schemas.datacontract.org/2004/07/Service.API.Model'
const STRING_MEMBERS = ['login_ip', 'user_company', 'user_dept', 'user_name', 'user_phone', 'user_pos', 'user_remark', 'user_type']
const BOOLEAN_MEMBERS = ['on_line', 'single_user_login']
const MEMBERS = [...STRING_MEMBERS, ...BOOLEAN_MEMBERS].sort()
const ACCOUNT_PATH = /^\/HYAPI\/AssistantService\/Account\/([^/]+)$/
const MODEL_FIELDS: Record<string, FieldRule> = Object.fromEntries(MEMBERS.map((member) => [member, { type: BOOLEAN_MEMBERS.includes(member) ? 'boolean' : 'string' }]))

export function createHyapiSim(options: HyapiSimOptions) {
  const headerName = options.headerName ?? 'Authorization'
  const adminValue = options.adminValue ?? `Basic ${Buffer.from('admin:hyapi-sim').toString('base64')}`
  const operatorValue = options.operatorValue ?? `Basic ${Buffer.from('operator:hyapi-sim').toString('base64')}`
  const accounts = new Map<string, Record<string, unknown>>()
  const counters = new Counters()

  function reply(request: SimRequest, status: number, answer: { State?: number; Message: string; Data?: string | null; ModelState?: Record<string, string[]> }): SimReply {
    const accept = request.header('Accept') ?? ''
    if (/xml/.test(accept) && !/json/.test(accept)) {
      const body =
        answer.State === undefined
          ? `<Error><Message>${escape(answer.Message)}</Message></Error>`
          : `<ResponseDataModelOfstring xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="${DATA_CONTRACT_NS}">` +
            `${answer.Data === null || answer.Data === undefined ? '<Data i:nil="true"/>' : `<Data>${escape(answer.Data)}</Data>`}` +
            `<Message>${escape(answer.Message)}</Message><State>${answer.State}</State></ResponseDataModelOfstring>`
      return { status, headers: { 'Content-Type': 'application/xml; charset=utf-8' }, body }
    }
    return json(status, answer)
  }

  function handler(request: SimRequest): SimReply {
    const match = ACCOUNT_PATH.exec(request.path)
    if (!match) return reply(request, 404, { Message: `No HTTP resource was found that matches the request URI 'http://${request.header('Host') ?? 'localhost'}${request.path}'.` })
    if (request.method !== 'PUT') return reply(request, 405, { Message: `The requested resource does not support http method '${request.method}'.` })
    const credential = request.header(headerName)
    if (credential !== adminValue && credential !== operatorValue) return reply(request, 401, { Message: 'Authorization has been denied for this request.' })
    if (credential !== adminValue) return reply(request, 200, { State: 0, Message: '权限不足，仅管理员可修改用户信息', Data: null })

    const type = (request.header('Content-Type') ?? '').split(';')[0].trim().toLowerCase()
    let model: Record<string, unknown> | string
    if (type === 'application/json' || type === 'text/json') model = fromJson(request.body)
    else if (type === 'application/xml' || type === 'text/xml') model = fromDataContractXml(request.body.toString('utf8'))
    else if (type === 'application/x-www-form-urlencoded') model = fromForm(request.body)
    else return reply(request, 415, { Message: `The request entity's media type '${type}' is not supported for this resource.` })
    if (typeof model === 'string') return reply(request, 400, { Message: 'The request is invalid.', ModelState: { model: [model] } })

    if (typeof model.user_name !== 'string' || model.user_name.trim() === '') return reply(request, 200, { State: 0, Message: '用户姓名不能为空', Data: null })
    const id = match[1]
    const account = accounts.get(id)
    if (!account) return reply(request, 200, { State: 0, Message: `用户不存在: ${id}`, Data: null })
    Object.assign(account, model)
    counters.updates++
    return reply(request, 200, { State: 1, Message: '修改成功', Data: id })
  }

  const credentials = (baseUrl: string): SimCredentials => ({
    baseUrl,
    settings: { headerNames: [headerName] },
    secrets: { [`header:${headerName}`]: adminValue },
    cliArgs: ['--header', `${headerName}: ${adminValue}`],
  })

  return {
    handler,
    counters,
    credentials,
    operatorValue,
    faultReply: (status: number) => json(status, { Message: status === 429 ? 'Too many requests.' : 'An error has occurred.' }),
    records: (): SimRecord[] =>
      [...accounts.entries()].map(([id, account]) => ({
        remoteId: id,
        personCode: null,
        name: typeof account.user_name === 'string' ? account.user_name : null,
        enabled: null,
        deleted: false,
        raw: { ...account },
      })),
    preload(entries: PreloadEntry[]) {
      for (const entry of entries) accounts.set(entry.remoteId, { user_name: entry.name ?? entry.remoteId })
    },
  }
}

function fromJson(body: Buffer): Record<string, unknown> | string {
  const parsed = readJson(body)
  if (!isRecord(parsed)) return 'The request body is not a UserInformationModel.'
  const problem = checkFields(parsed, MODEL_FIELDS)
  if (!problem) return Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== null))
  if (problem.problem === 'unknown') return `Could not find member '${problem.field}' on object of type 'UserInformationModel'.`
  return `Error converting value for '${problem.field}' of type 'UserInformationModel'.`
}

/** application/x-www-form-urlencoded, the third listed format ("Sample not available"). */
function fromForm(body: Buffer): Record<string, unknown> | string {
  const model: Record<string, unknown> = {}
  for (const [name, value] of new URLSearchParams(body.toString('utf8'))) {
    if (!MEMBERS.includes(name)) return `Could not find member '${name}' on object of type 'UserInformationModel'.`
    if (BOOLEAN_MEMBERS.includes(name) && value !== 'true' && value !== 'false') return `The value '${value}' is not valid for ${name}.`
    model[name] = BOOLEAN_MEMBERS.includes(name) ? value === 'true' : value
  }
  return model
}

/** The subset of DataContractSerializer this contract needs, with its ordering rule. */
function fromDataContractXml(text: string): Record<string, unknown> | string {
  const root = /^\s*(?:<\?xml[^>]*\?>\s*)?<UserInformationModel(\s[^>]*)?>([\s\S]*)<\/UserInformationModel>\s*$/.exec(text)
  if (!root) return "Error in line 1 position 1. Expecting element 'UserInformationModel' from namespace 'http://schemas.datacontract.org/2004/07/Service.API.Model'."
  if (!new RegExp(`\\sxmlns="${DATA_CONTRACT_NS.replace(/[./]/g, '\\$&')}"`).test(root[1] ?? '')) {
    return `Expecting element 'UserInformationModel' from namespace '${DATA_CONTRACT_NS}'.`
  }
  const model: Record<string, unknown> = {}
  let lastIndex = -1
  const element = /<_x003C_(\w+)_x003E_k__BackingField(?:\s+i:nil="true"\s*\/>|>([\s\S]*?)<\/_x003C_\1_x003E_k__BackingField>)/g
  for (let match = element.exec(root[2]); match; match = element.exec(root[2])) {
    const index = MEMBERS.indexOf(match[1])
    if (index === -1 || index < lastIndex) continue
    lastIndex = index
    if (match[2] === undefined) continue
    const value = unescape(match[2])
    if (BOOLEAN_MEMBERS.includes(match[1])) {
      if (value !== 'true' && value !== 'false') return `There was an error deserializing the object: '${value}' is not a valid Boolean.`
      model[match[1]] = value === 'true'
    } else {
      model[match[1]] = value
    }
  }
  return model
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function unescape(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
}

/** What startSimulator('hyapi') runs (found by this file's name; see index.ts). */
export const simulator = createHyapiSim

declare module './index' {
  interface SimulatorKinds {
    hyapi: typeof createHyapiSim
  }
}
