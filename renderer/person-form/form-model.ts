import { z } from 'zod'
import {
  CERTIFICATE_TYPES,
  GENDERS,
  PersonInputSchema,
  PersonPatchSchema,
  type Person,
  type PersonInput,
  type PersonPatch,
  type PersonType,
} from '../../common/model/person'
import { fromLocalInput, toLocalInput, visitorValidity } from '../shared/dates'

/**
 * What the person forms edit: plain strings for the inputs. Validation is the core's own schemas
 * (PersonInputSchema / PersonPatchSchema) applied after turning these values into the core's input,
 * so a field is refused here for exactly the reasons the core would refuse it. Field names equal
 * the core's field paths, so zod's issues and the core's BridgeError issues land on the same fields.
 */
export interface PersonFormValues {
  code: string
  name: string
  type: PersonType
  gender: (typeof GENDERS)[number]
  phone: string
  email: string
  certificate: { type: (typeof CERTIFICATE_TYPES)[number]; number: string }
  company: string
  department: string
  position: string
  note: string
  groups: string[]
  validFrom: string
  validUntil: string
  enabled: boolean
  reason: string
}

export const PERSON_FORM_FIELDS = [
  'code',
  'name',
  'type',
  'gender',
  'phone',
  'email',
  'certificate',
  'company',
  'department',
  'position',
  'note',
  'groups',
  'validFrom',
  'validUntil',
  'enabled',
  'reason',
] as const

export function emptyPersonForm(type: PersonType = 'visitor', now = new Date()): PersonFormValues {
  return {
    code: '',
    name: '',
    type,
    gender: 'unknown',
    phone: '',
    email: '',
    certificate: { type: 'id_card', number: '' },
    company: '',
    department: '',
    position: '',
    note: '',
    groups: [],
    ...(type === 'visitor' ? visitorValidity(now) : { validFrom: '', validUntil: '' }),
    enabled: true,
    reason: '',
  }
}

export function personToForm(person: Person): PersonFormValues {
  return {
    code: person.code,
    name: person.name,
    type: person.type,
    gender: person.gender,
    phone: person.phone ?? '',
    email: person.email ?? '',
    certificate: person.certificate ? { ...person.certificate } : { type: 'id_card', number: '' },
    company: person.company,
    department: person.department,
    position: person.position,
    note: person.note,
    groups: [...person.groups],
    validFrom: toLocalInput(person.validFrom),
    validUntil: toLocalInput(person.validUntil),
    enabled: person.enabled,
    reason: person.reason,
  }
}

function common(values: PersonFormValues) {
  const blank = (text: string) => text.trim() === ''
  return {
    name: values.name,
    type: values.type,
    gender: values.gender,
    email: blank(values.email) ? null : values.email.trim(),
    certificate: blank(values.certificate.number) ? null : { type: values.certificate.type, number: values.certificate.number },
    company: values.company,
    department: values.department,
    position: values.position,
    note: values.note,
    groups: values.groups,
    validFrom: fromLocalInput(values.validFrom),
    validUntil: fromLocalInput(values.validUntil),
    enabled: values.enabled,
    reason: values.reason,
  }
}

/** For `person.add`: a blank code means "let the core number the visitor". */
export function formToInput(values: PersonFormValues): PersonInput {
  return { ...common(values), code: values.code.trim() || undefined, phone: values.phone.trim() || null }
}

/** For `person.edit`: every field, blanks meaning "clear it". */
export function formToPatch(values: PersonFormValues): PersonPatch {
  return { ...common(values), code: values.code.trim(), phone: values.phone.trim() || null }
}

const formValues = z.custom<PersonFormValues>((value) => typeof value === 'object' && value !== null)

export const addPersonFormSchema = formValues.transform(formToInput).pipe(PersonInputSchema)
export const editPersonFormSchema = formValues.transform(formToPatch).pipe(PersonPatchSchema)
