import type { StateCreator } from 'zustand'
import type { StationState } from '.'
import { initialLanguage, rememberLanguage, type Language } from '../i18n/language'

export const SCREENS = ['enroll', 'persons', 'blacklist', 'groups', 'sync', 'settings', 'operators', 'audit'] as const
export type Screen = (typeof SCREENS)[number]

export interface Toast {
  id: number
  kind: 'success' | 'error' | 'info'
  text: string
}

export interface UiSlice {
  language: Language
  screen: Screen
  toasts: Toast[]
  /** The person open in the detail dialog, wherever it was opened from. */
  openPersonId: string | null
  setLanguage(language: Language): void
  go(screen: Screen): void
  notify(kind: Toast['kind'], text: string): void
  dismiss(id: number): void
  openPerson(id: string | null): void
}

let nextToastId = 1
const TOAST_MS = 5000

export const createUiSlice: StateCreator<StationState, [], [], UiSlice> = (set, get) => ({
  language: initialLanguage(),
  screen: 'enroll',
  toasts: [],
  openPersonId: null,
  setLanguage(language) {
    rememberLanguage(language)
    set({ language })
  },
  go(screen) {
    set({ screen })
  },
  notify(kind, text) {
    const id = nextToastId++
    set({ toasts: [...get().toasts.slice(-3), { id, kind, text }] })
    setTimeout(() => get().dismiss(id), kind === 'error' ? TOAST_MS * 2 : TOAST_MS)
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((toast) => toast.id !== id) })
  },
  openPerson(id) {
    set({ openPersonId: id })
  },
})
