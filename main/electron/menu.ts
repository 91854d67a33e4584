import type { MenuItemConstructorOptions } from 'electron'
import { PRODUCT_NAME } from '../core/paths'
import type { ShellLanguage } from './language'

const LABELS = {
  en: {
    file: 'File', quit: 'Quit', edit: 'Edit', undo: 'Undo', redo: 'Redo', cut: 'Cut', copy: 'Copy', paste: 'Paste', selectAll: 'Select All',
    view: 'View', reload: 'Reload', devTools: 'Developer Tools', resetZoom: 'Actual Size', zoomIn: 'Zoom In', zoomOut: 'Zoom Out',
    fullScreen: 'Full Screen', kiosk: 'Kiosk Mode', window: 'Window', minimize: 'Minimize', close: 'Close', help: 'Help',
    about: `About ${PRODUCT_NAME}`, hide: `Hide ${PRODUCT_NAME}`, hideOthers: 'Hide Others', unhide: 'Show All', front: 'Bring All to Front',
  },
  'zh-CN': {
    file: '文件', quit: '退出', edit: '编辑', undo: '撤销', redo: '重做', cut: '剪切', copy: '复制', paste: '粘贴', selectAll: '全选',
    view: '视图', reload: '重新加载', devTools: '开发者工具', resetZoom: '实际大小', zoomIn: '放大', zoomOut: '缩小',
    fullScreen: '全屏', kiosk: '自助终端模式', window: '窗口', minimize: '最小化', close: '关闭', help: '帮助',
    about: `关于 ${PRODUCT_NAME}`, hide: `隐藏 ${PRODUCT_NAME}`, hideOthers: '隐藏其他', unhide: '全部显示', front: '全部置于顶层',
  },
} satisfies Record<ShellLanguage, Record<string, string>>

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
  const t = LABELS[options.language]
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
