import type { Language } from './language'

/**
 * The fallback for what the core says without a message code: refusals not yet coded (photo files,
 * CSV rows, backup folders, Settings' back ends and limits, a stale edit), the back ends' notes and
 * test outcomes, and the schemas' wordings when the page's own form check (zodResolver) refuses
 * before the core is asked. A coded refusal is worded from the catalogue instead (common/i18n/
 * error-text.ts). Anything not listed is shown as the core wrote it, so a new rule never turns into
 * a blank or wrong message — at worst it stays in English.
 */
type Pattern = [RegExp, string | ((...groups: string[]) => string)]

const zhPatterns: Pattern[] = [
  [/^is required$/, '必填'],
  // zod's own wording when a required value is missing altogether
  [/^Invalid input: expected \w+, received undefined$/, '必填'],
  [/^at most (\d+) characters$/, (n) => `最多 ${n} 个字符`],
  [/^at most (\d+) groups$/, (n) => `最多 ${n} 个权限组`],
  [/^must include the country code, e\.g\. (\S+)$/, (example) => `需包含国家区号，例如 ${example}`],
  [/^use digits, optionally starting with \+ and the country code, e\.g\. (.+)$/, (example) => `请输入数字，可用 + 加国家区号开头，例如 ${example}`],
  [/^is not a valid e-mail address$/, '不是有效的电子邮箱地址'],
  [/^is not a valid 18-digit ID card number \(check digit\)$/, '不是有效的 18 位身份证号码（校验位不符）'],
  [/^must be an ISO 8601 date-time/, '日期时间格式无效'],
  [/^use 1–32 letters, digits, "_", "\." or "-", starting with a letter or digit$/, '请使用 1–32 位字母、数字、"_"、"." 或 "-"，并以字母或数字开头'],
  [/^use 1–48 letters, digits, "_", "\." or "-"$/, '请使用 1–48 位字母、数字、"_"、"." 或 "-"'],
  [
    /^(.+) was changed by (.+) at (\S+) \(now version (\d+), you edited version (\d+)\); reload it and make your change again$/,
    (code, who, at, now, mine) => `${code} 已被 ${who} 于 ${new Date(at).toLocaleString('zh-CN')} 修改（当前版本 ${now}，你编辑的是版本 ${mine}）；请重新加载后再修改`,
  ],
  [/^not reachable \((.+)\)$/, (why) => `无法连接到登记台（${why}）`],
  [/^photo is larger than 25 MB$/, '照片超过 25 MB'],
  // ---- photo files refused by the face pipeline (main/core/face/image.ts, quality.ts) ----
  [/^no face found: look at the camera$/, '未检测到人脸：请看向摄像头'],
  [/^only one person please$/, '画面中只能有一个人'],
  [/^the head is turned (\d+)° to the person's (left|right): choose a photo looking straight into the camera$/, (degrees, side) => `头部向本人${side === 'left' ? '左' : '右'}侧转了 ${degrees}°：请选用正视镜头的照片`],
  [/^the chin is (raised|lowered) (\d+)°: choose a photo looking straight into the camera$/, (way, degrees) => `下巴${way === 'raised' ? '抬起' : '压低'}了 ${degrees}°：请选用正视镜头的照片`],
  [/^too dark: add light in front of the face$/, '太暗：请在面部前方补光'],
  [/^too bright: avoid strong light on the face$/, '太亮：请避免强光直射面部'],
  [/^the picture is blurry: hold still$/, '画面模糊：请保持不动'],
  [/^the face lacks contrast: check the light and the lens$/, '面部对比度不足：请检查光线和镜头'],
  [/^come closer$/, '请靠近一点'],
  [/^move back a little$/, '请稍微后退'],
  [/^move to the middle of the picture$/, '请移到画面中间'],
  [/^keep your head level$/, '请保持头部端正'],
  [/^the file is empty$/, '文件是空的'],
  [/^the file is not a readable image \(JPEG, PNG or WebP expected\)$/, '文件不是可读取的图片（应为 JPEG、PNG 或 WebP）'],
  [/^the image is damaged and cannot be decoded$/, '图片已损坏，无法解码'],
  [/^the file is too large \(([\d.]+) MB; at most ([\d.]+) MB\)$/, (size, most) => `文件过大（${size} MB；最多 ${most} MB）`],
  [/^the image is too large \((.+) megapixels; at most (\d+)\)$/, (size, most) => `图片像素过多（${size} 百万像素；最多 ${most}）`],
  // ---- end photo files ----
  [/^contains an invisible control character \((U\+[0-9A-F]{4})\); remove it$/, (character) => `包含不可见的控制字符（${character}）；请删除`],
  [/^is a reserved word \(__proto__, constructor, prototype\); choose another id$/, '是保留字（__proto__、constructor、prototype），请换一个编号'],
  // ---- CSV import rows and the files they name ----
  [/^has (\d+) cells, the header has (\d+) \(a comma too many, or a line break inside a cell without quotes\?\)$/, (n, m) => `有 ${n} 个单元格，但表头只有 ${m} 列（多了一个逗号，或单元格内换行却没有加引号？）`],
  [/^"(.+)" is also on line (\d+); a code may appear once per file, so only line \d+ is used$/, (code, line) => `“${code}”在第 ${line} 行已出现；同一文件中编号只能出现一次，只导入第 ${line} 行`],
  [/^"(.+)" is not a regular file$/, (name) => `“${name}”不是普通文件`],
  [/^"(.+)" (?:points|is a link to a file) outside the photos folder$/, (name) => `“${name}”指向照片文件夹之外`],
  [/^"(.+)" is ([\d.]+) MB; at most (\d+) MB$/, (name, size, most) => `“${name}”大小为 ${size} MB；最多 ${most} MB`],
  [/^cannot read "(.+)" \((.+)\)$/, (name, why) => `无法读取“${name}”（${why}）`],
  [/^file "(.+)" not found in (.+)$/, (name, folder) => `在 ${folder} 中找不到文件“${name}”`],
  [/^a photo is named but no photos folder was given \(--photos DIR\)$/, '表中写了照片文件名，但没有指定照片文件夹（--photos DIR）'],
  [/^is not valid UTF-8 \(if it was saved by Excel on Chinese Windows, import it with encoding GBK\)$/, '不是有效的 UTF-8 文件（若由中文 Windows 上的 Excel 保存，请选择 GBK 编码导入）'],
  // ---- end CSV import ----
  [/^select at least one person$/, '请至少选择一人'],
  [/^choose at least one group$/, '请至少选择一个权限组'],
  // ---- Settings: quality limits and back ends ----
  [/^must be at least (\S+)$/, (n) => `不能小于 ${n}`],
  [/^must be at most (\S+)$/, (n) => `不能大于 ${n}`],
  [/^must be a number$/, '必须是数字'],
  [/^must be more than the lowest brightness \((\S+)\)$/, (n) => `必须大于亮度下限（${n}）`],
  [/^unknown measure\(s\) (.+)$/, (names) => `未知的测量项：${names}`],
  [/^must be an http:\/\/ or https:\/\/ URL$/, '必须是 http:// 或 https:// 开头的地址'],
  [/^is required \((.+)\)$/, (what) => `必填（${what}）`],
  [/^a target named "(.+)" already exists$/, (name) => `已存在名为“${name}”的后端`],
  [/^is not a valid HTTP header name$/, '不是有效的 HTTP 请求头名称'],
  [/^the capture settings were changed by (.+) meanwhile; reload them and make your change again$/, (who) => `质量门槛已被 ${who} 修改；请重新加载后再修改`],
  // connection tests that can verify only the address (HYAPI, main/core/connectors/hyapi/hyapi.ts)
  [
    /^(\S+) answers \(HTTP (\d+) to GET (\S+)\); the credential is checked by the first push: HYAPI documents no call that checks it without changing an account$/,
    (host, status, path) => `${host} 有应答（GET ${path} 返回 HTTP ${status}）；凭据将在首次推送时校验：HYAPI 的文档中没有不修改账户即可校验凭据的调用`,
  ],
  [/^no Account route at (\S+): check the base URL and the service path$/, (url) => `${url} 处没有 Account 接口：请检查地址和服务路径`],
  // capability notes of the back ends (main/core/connectors/*.ts), shown in the back-end dialog
  [/^A face photo is required to add a person to SophonFogSys\.$/, '向 SophonFogSys 添加人员需要人脸照片。'],
  [/^SophonFogSys has no enabled flag: a disabled person keeps its face but loses its permission groups\.$/, 'SophonFogSys 没有启用标志：停用的人员保留人脸，但会失去其权限组。'],
  [/^Type 4 \(stranger\) is never sent; employee 1, visitor 2, blacklist 3, VIP 5\.$/, '从不发送类型 4（陌生人）；员工 1，访客 2，黑名单 3，VIP 5。'],
  [/^ISDP documents no create: each person must exist in ISDP; link it to its personId \(default: the person code\)\.$/, 'ISDP 文档中没有新增接口：每个人员必须已存在于 ISDP；请将其关联到对应的 personId（默认：人员编号）。'],
  [/^ISDP documents no disable or delete: expired visitors must be handled in ISDP itself\.$/, 'ISDP 文档中没有停用或删除接口：过期访客需在 ISDP 中自行处理。'],
  [/^Face photos are not pushed: ISDP takes a profilePictureId from an upload its document does not show\.$/, '不推送人脸照片：ISDP 需要的 profilePictureId 来自其文档未说明的上传步骤。'],
  [/^HYAPI documents only the account update: each person must have an account; link it to its id \(default: the person code\)\.$/, 'HYAPI 文档中只有账户修改接口：每个人员必须已有账户；请将其关联到账户 ID（默认：人员编号）。'],
  [/^HYAPI documents no disable or delete, no photo and no groups\.$/, 'HYAPI 文档中没有停用、删除、照片和权限组。'],
  [/^The connection test cannot check the credential \(HYAPI documents no call that checks it without changing an account\): the first push does\.$/, '连接测试无法校验凭据（HYAPI 文档中没有不修改账户即可校验凭据的调用）：首次推送时才会校验。'],
  [/^YCE documents only the user update: each person must have a YCE user; link it to the user name \(default: the person code\)\.$/, 'YCE 文档中只有用户修改接口：每个人员必须已有 YCE 用户；请将其关联到用户名（默认：人员编号）。'],
  [/^The YCE user name is the key: the person's display name is not pushed\.$/, 'YCE 以用户名为键：不推送人员的显示名称。'],
  [/^Disable sets the permission bits to 0 \(no image sync, no operation\); YCE documents no delete\.$/, '停用会将权限位设为 0（不能同步镜像，也不能操作）；YCE 文档中没有删除接口。'],
  // ---- end Settings ----
  // ---- Backup ----
  [/^must be a full path \(e\.g\. (.+)\), not "(.*)"$/, (example, given) => `必须是完整路径（例如 ${example}），而不是“${given}”`],
  [/^must be outside the data folder (.+)$/, (dir) => `必须在数据文件夹 ${dir} 之外`],
  [/^cannot write to (.+) \((.+)\)$/, (folder, why) => `无法写入 ${folder}（${why}）`],
  [/^must be inside the backup folder (.+) \(chosen in Settings\)$/, (folder) => `必须位于设置中选择的备份文件夹 ${folder} 之内`],
  [/^(.+) is a file, not a folder; choose a new folder to restore into$/, (dir) => `${dir} 是文件而不是文件夹；请选择一个新文件夹来恢复`],
  [/^the register in (.+) is open in another program; close it and choose a new folder to restore into$/, (dir) => `${dir} 中的登记库正被其他程序使用；请关闭它并选择新文件夹来恢复`],
  [/^(.+) already holds data \((.+)\); a restore never overwrites a register — choose an empty or new folder$/, (dir, path) => `${dir} 中已有数据（${path}）；恢复绝不会覆盖现有登记库，请选择空文件夹或新文件夹`],
]

const fieldNamesZh: Record<string, string> = {
  code: '编号',
  name: '姓名',
  type: '类型',
  gender: '性别',
  phone: '电话',
  email: '邮箱',
  certificate: '证件',
  'certificate.number': '证件号码',
  'certificate.type': '证件类型',
  company: '单位',
  department: '部门',
  position: '职位',
  note: '备注',
  groups: '权限组',
  validFrom: '生效时间',
  validUntil: '失效时间',
  reason: '原因',
  version: '版本',
  person: '人员',
  group: '权限组',
  photo: '照片',
  station: '登记台',
  file: '文件',
  ids: '人员',
  destination: '备份位置',
  data: '数据文件夹',
  path: '路径',
}

export function translateCoreMessage(message: string, language: Language): string {
  if (language === 'en') return message
  const prefixed = /^([\w.]+): (.*)$/s.exec(message)
  const field = prefixed?.[1]
  const body = prefixed ? prefixed[2] : message
  // a photo refused for several reasons lists them with "; " (main/core/face/pipeline.ts)
  const parts = [body, ...(body.includes('; ') ? [body.split('; ')] : [])]
  for (const part of parts) {
    const texts = (Array.isArray(part) ? part : [part]).map(translateZh)
    if (texts.every((text) => text !== null)) {
      const text = texts.join('；')
      return field ? `${fieldNamesZh[field] ?? field}：${text}` : text
    }
  }
  return message
}

function translateZh(body: string): string | null {
  for (const [pattern, replacement] of zhPatterns) {
    const match = pattern.exec(body)
    if (match) return typeof replacement === 'string' ? replacement : replacement(...match.slice(1))
  }
  return null
}

/** A field's message without the "field: " the core puts in front (the form shows it next to the field). */
export function withoutFieldPrefix(message: string, field: string): string {
  return message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message
}
