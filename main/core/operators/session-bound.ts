import type { AccessGuard } from './access-guard'

/** Where a handler map carries its caller's guard (a symbol: spreading the map keeps it, listing its channels does not show it). */
export const ACCESS = Symbol('access guard')

export type SessionBound<H> = H & { readonly [ACCESS]?: AccessGuard }

/**
 * A handler map for one session: each call runs the handlers built for the operator signed in at
 * that moment (the audit names whoever is at the desk now, after a quick switch too), and the map
 * carries the session's guard for `dispatch`.
 */
export function sessionBound<H extends object>(channels: readonly string[], guard: AccessGuard, build: (actor: string) => H): SessionBound<H> {
  const byActor = new Map<string, H>()
  const current = (): Record<string, (input: unknown) => unknown> => {
    const actor = guard.session.actor()
    let handlers = byActor.get(actor)
    if (!handlers) byActor.set(actor, (handlers = build(actor)))
    return handlers as unknown as Record<string, (input: unknown) => unknown>
  }
  const bound = Object.fromEntries(channels.map((channel) => [channel, (input: unknown) => current()[channel](input)]))
  return Object.assign(bound, { [ACCESS]: guard }) as unknown as SessionBound<H>
}

export function guardOf(handlers: object): AccessGuard | undefined {
  return (handlers as { [ACCESS]?: AccessGuard })[ACCESS]
}
