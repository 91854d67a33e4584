import { randomUUID } from 'node:crypto'
import { checkFields, checkJpeg, Counters, isBase64, isRecord, readJson, type FieldProblem, type FieldRule, type PreloadEntry, type SimCredentials, type SimOptions, type SimRecord } from './common'
import { json, type SimReply, type SimRequest } from './server'

/**
 * SophonFogSys users API: PUT from 000_…txt; POST (create) and DELETE as the issue describes the
 * vendor's calls. Held to the document:
 * - PUT takes identity_id (string, required), reg_photo (base64, optional; "" as in the sample
 *   keeps the face) and info (dict, required, may be empty) and nothing else at the top level;
 * - info.name a string, info.type an int 1–5 (the sample's `1`, not "1"), info.permission_ids a
 *   list of strings; other info keys are the document's "自定义 其他用户信息" (the sample sends
 *   "aaa":1) and are kept, except the employee number ("禁止进行员工工号的编辑": user_id);
 * - success answers {data:{group_name, identity_id, image_id, info}} like the sample; errors
 *   {error:{code, message, status}} like the failure table.
 * The document leaves open (choices):
 * - HTTP statuses: 400 invalid, 401 missing header, 404 unknown identity_id, 405 other methods,
 *   409 identity_id already exists (POST), 413 photo too large; `code` repeats the HTTP status;
 * - POST takes identity_id, reg_photo (required), group_name (an existing face group), info and
 *   ignore_exist (boolean: the 409 becomes a success that changes nothing); DELETE identity_id;
 * - reg_photo must be base64 of a JPEG that really decodes, ≤ maxPhotoBytes (5 MB);
 * - PUT merges info (keys given replace theirs).
 */
export interface SophonSimOptions extends SimOptions {
  faceGroups?: string[]
  maxPhotoBytes?: number
  /** Require this header on every call (the document names none; a deployment may add one). */
  requiredHeader?: { name: string; value: string }
}

interface SophonPerson {
  identityId: string
  imageId: string | null
  groups: string[]
  info: Record<string, unknown>
}

const USERS = '/SophonFogSys/api/users'

/** The top-level fields of each call. */
const CALL_FIELDS: Record<'PUT' | 'POST' | 'DELETE', Record<string, FieldRule>> = {
  PUT: { identity_id: { type: 'string', required: true, nonEmpty: true }, reg_photo: { type: 'string' }, info: { type: 'object', required: true } },
  POST: {
    identity_id: { type: 'string', required: true, nonEmpty: true },
    reg_photo: { type: 'string', required: true, nonEmpty: true },
    group_name: { type: 'string', nonEmpty: true },
    info: { type: 'object' },
    ignore_exist: { type: 'boolean' },
  },
  DELETE: { identity_id: { type: 'string', required: true, nonEmpty: true } },
}

export function createSophonSim(options: SophonSimOptions) {
  const faceGroups = new Set(options.faceGroups ?? ['default_group'])
  faceGroups.add('default_group')
  const maxPhotoBytes = options.maxPhotoBytes ?? 5 * 1024 * 1024
  const persons = new Map<string, SophonPerson>()
  const counters = new Counters()

  const error = (status: number, message: string, kind: string) => json(status, { error: { code: status, message, status: kind } })
  const data = (person: SophonPerson) =>
    json(200, {
      data: { group_name: person.groups, identity_id: person.identityId, image_id: person.imageId, info: { description: '', ...person.info, user_id: person.identityId } },
    })

  async function checkPhoto(value: unknown): Promise<SimReply | null> {
    if (typeof value !== 'string' || !isBase64(value)) return error(400, 'reg_photo must be a base64 string', 'INVALID_ARGUMENT')
    const bytes = Buffer.from(value, 'base64')
    if (bytes.length > maxPhotoBytes) return error(413, `reg_photo is ${bytes.length} bytes, the limit is ${maxPhotoBytes}`, 'PAYLOAD_TOO_LARGE')
    const problem = await checkJpeg(bytes, maxPhotoBytes)
    return problem ? error(400, `reg_photo: ${problem}`, 'INVALID_ARGUMENT') : null
  }

  function checkInfo(info: Record<string, unknown>): SimReply | null {
    if ('user_id' in info || 'identity_id' in info) return error(400, 'editing the employee number is not allowed', 'INVALID_ARGUMENT')
    if (info.name !== undefined && typeof info.name !== 'string') return error(400, 'info.name must be a string', 'INVALID_ARGUMENT')
    if (info.type !== undefined && ![1, 2, 3, 4, 5].includes(info.type as number)) return error(400, `info.type ${JSON.stringify(info.type)} is not one of 1, 2, 3, 4, 5`, 'INVALID_ARGUMENT')
    if (info.permission_ids !== undefined && !(Array.isArray(info.permission_ids) && info.permission_ids.every((id) => typeof id === 'string'))) {
      return error(400, 'info.permission_ids must be a list of strings', 'INVALID_ARGUMENT')
    }
    return null
  }

  async function handler(request: SimRequest): Promise<SimReply> {
    if (options.requiredHeader && request.header(options.requiredHeader.name) !== options.requiredHeader.value) {
      return error(401, `missing or wrong ${options.requiredHeader.name} header`, 'UNAUTHENTICATED')
    }
    if (request.path !== USERS) return error(404, `no API at ${request.path}`, 'NOT_FOUND')
    if (!['POST', 'PUT', 'DELETE'].includes(request.method)) return error(405, `method ${request.method} is not allowed`, 'METHOD_NOT_ALLOWED')
    const body = readJson(request.body)
    if (!isRecord(body)) return error(400, 'the body must be a JSON object', 'INVALID_ARGUMENT')
    const problem = checkFields(body, CALL_FIELDS[request.method as 'PUT' | 'POST' | 'DELETE'])
    if (problem) return error(400, describeProblem(problem), 'INVALID_ARGUMENT')
    const identityId = body.identity_id as string
    const existing = persons.get(identityId)

    if (request.method === 'DELETE') {
      if (!existing) return error(404, `identity_id ${identityId} not found`, 'NOT_FOUND')
      persons.delete(identityId)
      counters.deletes++
      return json(200, { data: { identity_id: identityId } })
    }

    const info = (body.info ?? {}) as Record<string, unknown>
    const invalidInfo = checkInfo(info)
    if (invalidInfo) return invalidInfo

    if (request.method === 'POST') {
      const invalidPhoto = await checkPhoto(body.reg_photo)
      if (invalidPhoto) return invalidPhoto
      const group = body.group_name ?? 'default_group'
      if (typeof group !== 'string' || !faceGroups.has(group)) return error(400, `face group ${JSON.stringify(group)} is unknown`, 'FAILED_PRECONDITION')
      if (existing) {
        if (body.ignore_exist === true) return data(existing)
        return error(409, `identity_id ${identityId} already exists`, 'ALREADY_EXISTS')
      }
      const person: SophonPerson = { identityId, imageId: randomUUID(), groups: [group], info: { type: 1, permission_ids: ['0'], ...info } }
      persons.set(identityId, person)
      counters.creates++
      return data(person)
    }

    if (!existing) return error(404, `identity_id ${identityId} not found`, 'NOT_FOUND')
    if (body.reg_photo !== undefined && body.reg_photo !== '') {
      const invalidPhoto = await checkPhoto(body.reg_photo)
      if (invalidPhoto) return invalidPhoto
      existing.imageId = randomUUID()
    }
    existing.info = { ...existing.info, ...info }
    counters.updates++
    return data(existing)
  }

  const credentials = (baseUrl: string): SimCredentials => {
    const header = options.requiredHeader
    return {
      baseUrl,
      settings: header ? { headerNames: [header.name] } : {},
      secrets: header ? { [`header:${header.name}`]: header.value } : {},
      cliArgs: header ? ['--header', `${header.name}: ${header.value}`] : [],
    }
  }

  return {
    handler,
    counters,
    credentials,
    faultReply: (status: number) =>
      status === 429 ? error(429, 'too many requests', 'RESOURCE_EXHAUSTED') : error(status, 'internal server error', 'INTERNAL'),
    records: (): SimRecord[] =>
      [...persons.values()].map((p) => ({
        remoteId: p.identityId,
        personCode: p.identityId,
        name: typeof p.info.name === 'string' ? p.info.name : null,
        enabled: null,
        deleted: false,
        raw: { identity_id: p.identityId, image_id: p.imageId, group_name: p.groups, info: p.info },
      })),
    preload(entries: PreloadEntry[]) {
      for (const entry of entries) {
        persons.set(entry.remoteId, { identityId: entry.remoteId, imageId: randomUUID(), groups: ['default_group'], info: { name: entry.name ?? '', type: 1, permission_ids: ['0'] } })
      }
    },
  }
}

function describeProblem(problem: FieldProblem): string {
  switch (problem.problem) {
    case 'unknown':
      return `unknown field ${problem.field}`
    case 'required':
    case 'empty':
      return `${problem.field} is required${problem.field === 'reg_photo' ? ' to create a person' : problem.field === 'info' ? ' (it may be empty)' : ''}`
    case 'type':
      return `${problem.field} must be ${problem.expected === 'object' ? 'an object' : `a ${problem.expected}`}`
    case 'value':
      return `${problem.field} ${JSON.stringify(problem.value)} is not one of ${problem.allowed.join(', ')}`
    case 'format':
      return `${problem.field} is malformed`
  }
}

/** What startSimulator('sophon') runs (found by this file's name; see index.ts). */
export const simulator = createSophonSim

declare module './index' {
  interface SimulatorKinds {
    sophon: typeof createSophonSim
  }
}
