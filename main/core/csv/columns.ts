/**
 * CSV columns, in export order. Imports also accept the Chinese headers a desk's own spreadsheet
 * is likely to use, and ignore case and spaces in English ones.
 */
export const CSV_COLUMNS = [
  ['code', ['工号', '编号', '人员编号']],
  ['name', ['姓名', '名字']],
  ['type', ['类型', '人员类型']],
  ['gender', ['性别']],
  ['phone', ['电话', '手机', '手机号']],
  ['email', ['邮箱', '电子邮件']],
  ['certificate_type', ['证件类型']],
  ['certificate_number', ['证件号码', '证件号', '身份证号']],
  ['company', ['公司', '单位']],
  ['department', ['部门']],
  ['position', ['职位', '岗位']],
  ['note', ['备注']],
  ['groups', ['权限组']],
  ['valid_from', ['生效时间', '有效期开始']],
  ['valid_until', ['失效时间', '有效期至', '有效期结束']],
  ['enabled', ['启用']],
  ['reason', ['原因', '黑名单原因']],
  ['photo', ['照片']],
] as const

export type CsvColumn = (typeof CSV_COLUMNS)[number][0]

export function columnFor(header: string): CsvColumn | undefined {
  const normal = header.trim().toLowerCase().replace(/[\s-]+/g, '_')
  for (const [name, aliases] of CSV_COLUMNS) {
    if (name === normal || (aliases as readonly string[]).includes(header.trim())) return name
  }
  return undefined
}

/** Chinese and English words people write in the type / gender / enabled cells. */
export const TYPE_WORDS: Record<string, string> = { 员工: 'employee', 访客: 'visitor', 黑名单: 'blacklist', vip: 'vip', 贵宾: 'vip' }
export const GENDER_WORDS: Record<string, string> = { 男: 'male', 女: 'female', m: 'male', f: 'female', 未知: 'unknown' }
export const CERTIFICATE_WORDS: Record<string, string> = { 身份证: 'id_card', 护照: 'passport', 其他: 'other' }
export const BOOLEAN_WORDS: Record<string, boolean> = { true: true, false: false, yes: true, no: false, '1': true, '0': false, 是: true, 否: false }
