import type { Language } from '../i18n/language'

/**
 * The names of back ends' settings and secrets. The core sends them in English with target.kinds
 * (taken from each connector), which the English screen shows as they are; here is their Chinese.
 * A setting a connector adds later shows its English name until it is translated here.
 */
const SETTINGS_ZH: Record<string, string> = {
  faceGroup: '新增人员所在的人脸库',
  maxPhotoBytes: '照片大小上限（字节）',
  maxPhotoSide: '照片边长上限（像素）',
  disabledPermissionIds: '停用人员的权限组',
  clientId: '客户端 ID（Client ID）',
  projectId: '项目 ID',
  structureId: '组织（structure）ID',
  certArea: '证件地区',
  lang: '回复语言',
  username: '用户名',
  adminOrgId: '管理组织 ID',
  personStatus: '人员状态',
  tokenPath: '令牌路径',
  orgId: '组织 ID',
  op: '管理员用户 ID（op）',
  disabledType: '停用人员的权限位',
  sessionErrorCodes: '表示“需重新登录”的错误码',
  format: '报文格式',
  servicePath: '服务路径',
}

/** By kind, because the same key means different things: ISDP's "password" is an application token. */
const SECRETS_ZH: Record<string, string> = {
  'tuya.clientSecret': '客户端密钥（Access Secret）',
  'isdp.clientSecret': 'OAuth2 客户端密钥',
  'isdp.password': '应用令牌（密码）',
  'yce.password': '管理员密码',
  'sophon.header:*': '每个请求头的值（保密）',
  'hyapi.header:*': '管理员凭据请求头的值（保密）',
}

export function settingLabel(language: Language, key: string, english: string): string {
  return language === 'zh-CN' ? (SETTINGS_ZH[key] ?? english) : english
}

export function secretLabel(language: Language, kind: string, key: string, english: string): string {
  return language === 'zh-CN' ? (SECRETS_ZH[`${kind}.${key}`] ?? english) : english
}
