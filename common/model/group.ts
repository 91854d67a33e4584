import { z } from 'zod'
import { isoDateTime, lineText, trimmedLines } from './text-fields'
import { schemaWording } from '../errors/core-error'

/** Names JavaScript objects give a meaning of their own: never an id a user may choose. */
export const RESERVED_IDS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

export const GroupSchema = z.object({
  id: z.string().min(1),
  name: z.string().trim().min(1, 'is required').max(64, 'at most 64 characters'),
  description: z.string().trim().max(500, 'at most 500 characters'),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.int().positive(),
})
export type Group = z.infer<typeof GroupSchema>

/** What a user may type for a group (stored groups are read as written, like persons' names). */
const groupName = lineText().trim().min(1, 'is required').max(64, 'at most 64 characters')
const groupDescription = trimmedLines(500)

export const GroupInputSchema = z
  .object({
    id: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_.-]{1,48}$/, schemaWording('field.group_id_format'))
      .refine((id) => !RESERVED_IDS.has(id), schemaWording('field.reserved_id'))
      .optional(),
    name: groupName,
    description: groupDescription.optional(),
  })
  .strict()
export type GroupInput = z.input<typeof GroupInputSchema>

export const GroupPatchSchema = z
  .object({ name: groupName.optional(), description: groupDescription.optional() })
  .strict()
export type GroupPatch = z.input<typeof GroupPatchSchema>
