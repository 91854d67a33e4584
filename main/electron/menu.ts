import type { MenuItemConstructorOptions } from 'electron'
import { PRODUCT_NAME } from '../core/paths'
import type { ShellLanguage } from './language'
import { sharedTranslator } from '../../common/i18n/translator'

const MENU_WORDS = [
  'file', 'quit', 'edit', 'undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'view', 'reload', 'devTools', 'resetZoom', 'zoomIn', 'zoomOut',
  'fullScreen', 'kiosk', 'window', 'minimize', 'close', 'help', 'about', 'hide', 'hideOthers', 'unhide', 'front',
] as const

/** The menu's labels in one language, from the catalogues (`shell.menu.*`). */
function menuWords(language: ShellLanguage): Record<(typeof MENU_WORDS)[number], string> {
  const t = sharedTranslator(language)
  return Object.fromEntries(MENU_WORDS.map((word) => [word, t(`shell.menu.${word}`, { product: PRODUCT_NAME })])) as Record<(typeof MENU_WORDS)[number], string>
}

export interface MenuOptions {
  language: ShellLanguage
  platform: NodeJS.Platform
  kiosk: boolean
  /** Reload and DevTools only in an unpackaged development run. */
  development: boolean
  onToggleKiosk(enabled: boolean): void
}

/** The app menu with the usual roles, labelled in the system language. */
export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const t = menuWords(options.language)
  const mac = options.platform === 'darwin'
  const template: MenuItemConstructorOptions[] = []
  if (mac) {
    template.push({
      label: PRODUCT_NAME,
      submenu: [
        { role: 'about', label: t.about },
        { type: 'separator' },
        { role: 'hide', label: t.hide },
        { role: 'hideOthers', label: t.hideOthers },
        { role: 'unhide', label: t.unhide },
        { type: 'separator' },
        { role: 'quit', label: t.quit },
      ],
    })
  } else {
    template.push({ label: t.file, submenu: [{ role: 'quit', label: t.quit }] })
  }
  template.push({
    label: t.edit,
    submenu: [
      { role: 'undo', label: t.undo },
      { role: 'redo', label: t.redo },
      { type: 'separator' },
      { role: 'cut', label: t.cut },
      { role: 'copy', label: t.copy },
      { role: 'paste', label: t.paste },
      { role: 'selectAll', label: t.selectAll },
    ],
  })
  template.push({
    label: t.view,
    submenu: [
      ...(options.development
        ? ([{ role: 'reload', label: t.reload }, { role: 'toggleDevTools', label: t.devTools }, { type: 'separator' }] satisfies MenuItemConstructorOptions[])
        : []),
      { role: 'resetZoom', label: t.resetZoom },
      { role: 'zoomIn', label: t.zoomIn },
      { role: 'zoomOut', label: t.zoomOut },
      { type: 'separator' },
      { role: 'togglefullscreen', label: t.fullScreen },
      { id: 'kiosk', label: t.kiosk, type: 'checkbox', checked: options.kiosk, click: (item) => options.onToggleKiosk(item.checked) },
    ],
  })
  template.push({
    label: t.window,
    submenu: mac
      ? [{ role: 'minimize', label: t.minimize }, { role: 'close', label: t.close }, { type: 'separator' }, { role: 'front', label: t.front }]
      : [{ role: 'minimize', label: t.minimize }, { role: 'close', label: t.close }],
  })
  template.push({ role: 'help', label: t.help, submenu: [{ role: 'about', label: t.about }] })
  return template
}
