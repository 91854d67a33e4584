import { useCallback } from 'react'
import { can, canWritePerson, type Permission, type Role } from '../../common/operators/roles'
import type { PersonType } from '../../common/model/person'
import { useStation } from '../store'

/** The signed-in operator's role (null when nobody is, or the desk is locked). */
export function useRole(): Role | null {
  return useStation((state) => (state.session && !state.session.locked ? (state.session.operator?.role ?? null) : null))
}

/**
 * Whether to show a control, from the core's own rule table (common/operators/roles.ts): the UI
 * hides what the role may not do, and the core refuses it anyway.
 */
export function useCan(): (permission: Permission) => boolean {
  const role = useRole()
  return useCallback((permission: Permission) => can(role, permission), [role])
}

/** Whether this operator may add, change or remove a person of this type. */
export function useMayWritePerson(): (type: PersonType) => boolean {
  const role = useRole()
  return useCallback((type: PersonType) => canWritePerson(role, type), [role])
}
