import type { z } from 'zod'
import { PersonSchema } from '../../../common/model/person'
import { GroupSchema } from '../../../common/model/group'
import { RemoteLinkSchema, TargetConfigSchema } from '../../../common/targets/target-config'
import type { CollectionName } from './collections'

/**
 * The shape every stored record must have: each field of its schema present with the right JSON
 * type. A snapshot file can be valid JSON and still damaged (a key renamed, a value cut short);
 * such a file must go the way of any damaged file (its last good copy plus the journal), not
 * crash every command later with "Cannot read properties of undefined".
 *
 * Only the shape is checked, not the rules (lengths, patterns): a rule made stricter later must
 * not turn a register written before it into a damaged one. It is also cheap at 100,000 persons.
 */
type JsonKind = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'null'
const KIND_BITS: Record<JsonKind, number> = { string: 1, number: 2, boolean: 4, object: 8, array: 16, null: 32 }
const ANY = 63

interface FieldShape {
  name: string
  /** Bits of KIND_BITS the value may have. */
  kinds: number
  optional: boolean
}

const SYNC_FIELDS: FieldShape[] = [
  field('personId', ['string']),
  field('targetId', ['string']),
  field('want', ['string']),
  field('wantVersion', ['number']),
  field('status', ['string']),
  field('attempts', ['number']),
]

const SHAPES: Partial<Record<CollectionName, FieldShape[]>> = {
  persons: shapeOf(PersonSchema),
  groups: shapeOf(GroupSchema),
  targets: shapeOf(TargetConfigSchema),
  remote_links: shapeOf(RemoteLinkSchema),
  sync: SYNC_FIELDS,
}

/** Why the record stored under `id` is not a record of `collection`, or null when it is. */
export function recordProblem(collection: CollectionName, id: string, value: unknown): string | null {
  if (kindBit(value) !== KIND_BITS.object) return `record "${id}" is not an object`
  const record = value as Record<string, unknown>
  const shapes = SHAPES[collection]
  if (!shapes) return null
  for (let i = 0; i < shapes.length; i++) {
    const shape = shapes[i]
    const field = record[shape.name]
    if (field === undefined) {
      if (shape.optional) continue
      return `record "${id}" has no field "${shape.name}"`
    }
    if ((shape.kinds & kindBit(field)) === 0) return `record "${id}" has a field "${shape.name}" of the wrong type`
  }
  return null
}

function field(name: string, kinds: JsonKind[] | null, optional = false): FieldShape {
  return { name, kinds: kinds ? kinds.reduce((bits, kind) => bits | KIND_BITS[kind], 0) : ANY, optional }
}

function shapeOf(schema: z.ZodObject): FieldShape[] {
  return Object.entries(schema.shape).map(([name, fieldSchema]) => {
    const { kinds, optional } = kindsOf(fieldSchema as z.ZodType)
    return field(name, kinds, optional)
  })
}

function kindsOf(schema: z.ZodType): { kinds: JsonKind[] | null; optional: boolean } {
  const def = schema._zod.def as unknown as { type: string; innerType?: z.ZodType; in?: z.ZodType; options?: z.ZodType[]; entries?: Record<string, unknown>; values?: unknown[] }
  switch (def.type) {
    case 'string':
    case 'enum':
    case 'template_literal':
      return { kinds: ['string'], optional: false }
    case 'number':
    case 'int':
      return { kinds: ['number'], optional: false }
    case 'boolean':
      return { kinds: ['boolean'], optional: false }
    case 'object':
    case 'record':
      return { kinds: ['object'], optional: false }
    case 'array':
      return { kinds: ['array'], optional: false }
    case 'literal':
      return { kinds: [...new Set((def.values ?? []).map(jsonKind))], optional: false }
    case 'nullable': {
      const inner = kindsOf(def.innerType!)
      return { kinds: inner.kinds && [...inner.kinds, 'null'], optional: inner.optional }
    }
    case 'optional':
    case 'default':
    case 'prefault':
      return { kinds: kindsOf(def.innerType!).kinds, optional: true }
    case 'readonly':
    case 'catch':
      return kindsOf(def.innerType!)
    case 'pipe':
      return kindsOf(def.in!)
    case 'union': {
      const options = (def.options ?? []).map(kindsOf)
      if (options.some((option) => option.kinds === null)) return { kinds: null, optional: options.some((o) => o.optional) }
      return { kinds: [...new Set(options.flatMap((option) => option.kinds!))], optional: options.some((o) => o.optional) }
    }
    default:
      return { kinds: null, optional: false }
  }
}

function jsonKind(value: unknown): JsonKind {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value as JsonKind
}

function kindBit(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return 1
    case 'number':
      return 2
    case 'boolean':
      return 4
    case 'object':
      return value === null ? 32 : Array.isArray(value) ? 16 : 8
    default:
      return 0
  }
}
