import type { StateCreator } from 'zustand'
import type { StationState } from '../store'
import type { Person, PersonType } from '../../common/model/person'
import type { ChannelInput, ChannelResult } from '../../common/contract'
import { getBridge } from '../store/bridge-holder'
import { errorText } from '../../common/i18n/error-text'
import { sharedTranslator } from '../../common/i18n/translator'
import type { SyncDisplayState } from '../sync/sync-slice'

export interface PersonFilter {
  text: string
  type: PersonType | ''
  group: string
  expiredOnly: boolean
  recycleBin: boolean
  /** Only persons in this sync state on some back end (empty: any). */
  syncState: SyncDisplayState | ''
  sort: 'name' | 'code' | 'createdAt' | 'updatedAt'
  order: 'asc' | 'desc'
}

export const PAGE_SIZE = 100
/** Selecting "all matching" fetches their ids; beyond this a desk should narrow the search first. */
export const SELECT_ALL_LIMIT = 2000

export type BulkAction = ChannelInput<'person.bulk'>['action']

/**
 * The Persons table pages through `person.list` in windows of PAGE_SIZE: only the pages around
 * what is on screen are ever loaded, so 100,000 persons cost a few hundred objects here.
 */
export interface PersonsSlice {
  filter: PersonFilter
  /** Bumped on every filter change; answers to an older query are dropped. */
  queryId: number
  /** The query the shown rows belong to: lags `queryId` until the new query's first page arrives. */
  shownQueryId: number
  total: number | null
  pages: Record<number, Person[]>
  /** Bumped when the register changes; shown pages stay on screen until their refetch arrives. */
  freshness: number
  pageFreshness: Record<number, number>
  selected: Record<string, true>
  setFilter(patch: Partial<PersonFilter>): void
  ensureRows(firstIndex: number, lastIndex: number): void
  invalidatePersons(): void
  toggleSelected(id: string): void
  setSelected(ids: string[]): void
  selectAllMatching(): Promise<void>
  runBulk(action: BulkAction, groups?: string[]): Promise<ChannelResult<'person.bulk'>>
}

export const EMPTY_FILTER: PersonFilter = { text: '', type: '', group: '', expiredOnly: false, recycleBin: false, syncState: '', sort: 'name', order: 'asc' }

export function queryFor(filter: PersonFilter) {
  return {
    text: filter.text.trim() || undefined,
    type: filter.type || undefined,
    group: filter.group || undefined,
    expired: filter.expiredOnly ? true : undefined,
    deleted: filter.recycleBin ? ('only' as const) : undefined,
    sort: filter.sort,
    order: filter.order,
  }
}

const inflight = new Set<string>()
/** The sync filter's person ids, fetched once per query (the register filter takes ids). */
let syncIds: { key: string; ids: Promise<string[]> } | null = null

/** The filter as `person.list` takes it; a sync-state filter becomes the ids in that state. */
async function resolveQuery(filter: PersonFilter, key: string) {
  const query = queryFor(filter)
  if (!filter.syncState) return query
  if (syncIds?.key !== key) {
    const ids = getBridge()
      .invoke('sync.status', { state: filter.syncState, limit: 10_000 })
      .then((rows) => [...new Set(rows.items.map((row) => row.personId))])
    syncIds = { key, ids }
  }
  return { ...query, ids: await syncIds.ids }
}

export const createPersonsSlice: StateCreator<StationState, [], [], PersonsSlice> = (set, get) => {
  async function fetchPage(page: number): Promise<void> {
    const { queryId, freshness, filter } = get()
    const key = `${queryId}:${freshness}:${page}`
    if (inflight.has(key)) return
    inflight.add(key)
    try {
      const result = await getBridge().invoke('person.list', { ...(await resolveQuery(filter, `${queryId}:${freshness}`)), offset: page * PAGE_SIZE, limit: PAGE_SIZE })
      const now = get()
      if (now.queryId !== queryId) return
      if (now.shownQueryId !== queryId) {
        set({ pages: { [page]: result.items }, pageFreshness: { [page]: freshness }, total: result.total, shownQueryId: queryId })
      } else {
        set({ pages: { ...now.pages, [page]: result.items }, pageFreshness: { ...now.pageFreshness, [page]: freshness }, total: result.total })
      }
    } catch (error) {
      get().notify('error', errorText(error, sharedTranslator(get().language)))
    } finally {
      inflight.delete(key)
    }
  }

  return {
    filter: EMPTY_FILTER,
    queryId: 1,
    shownQueryId: 0,
    total: null,
    pages: {},
    freshness: 0,
    pageFreshness: {},
    selected: {},
    setFilter(patch) {
      set({ filter: { ...get().filter, ...patch }, queryId: get().queryId + 1, selected: {} })
    },
    ensureRows(firstIndex, lastIndex) {
      const { shownQueryId, queryId, pages, pageFreshness, freshness } = get()
      if (shownQueryId !== queryId) {
        void fetchPage(0)
        return
      }
      const first = Math.max(0, Math.floor(firstIndex / PAGE_SIZE))
      const last = Math.max(first, Math.floor(lastIndex / PAGE_SIZE))
      for (let page = first; page <= last; page++) {
        if (!pages[page] || pageFreshness[page] !== freshness) void fetchPage(page)
      }
    },
    invalidatePersons() {
      set({ freshness: get().freshness + 1 })
    },
    toggleSelected(id) {
      const selected = { ...get().selected }
      if (selected[id]) delete selected[id]
      else selected[id] = true
      set({ selected })
    },
    setSelected(ids) {
      set({ selected: Object.fromEntries(ids.map((id) => [id, true as const])) })
    },
    async selectAllMatching() {
      const { filter, queryId } = get()
      const page = await getBridge().invoke('person.list', { ...(await resolveQuery(filter, `${queryId}:${get().freshness}`)), offset: 0, limit: SELECT_ALL_LIMIT })
      if (get().queryId === queryId) get().setSelected(page.items.map((person) => person.id))
    },
    async runBulk(action, groups) {
      const ids = Object.keys(get().selected)
      const outcome = await getBridge().invoke('person.bulk', { ids, action, groups })
      set({ selected: {} })
      return outcome
    },
  }
}
