/**
 * Everything the capture view says, in zh-CN and English. The guidance is keyed by the quality
 * gate's codes (GUIDANCE_CODES in common/face/quality.ts); the type below makes a code without
 * a sentence in either language a compile error.
 */
import { GUIDANCE_MESSAGES, type GuidanceCode } from '../../common/face/quality'
import type { Language } from '../i18n/language'
import type { CameraProblemKind } from './camera'

type Sentences = Record<GuidanceCode, string> & Record<`camera.${CameraProblemKind}`, string> & Record<UiKey, string>

type UiKey =
  | 'loading'
  | 'starting'
  | 'camera'
  | 'capture'
  | 'processing'
  | 'retry'
  | 'retake'
  | 'usePhoto'
  | 'engine'
  | 'fps'
  | 'quality'
  | 'portraitAlt'
  | 'videoLabel'
  | 'captureFailed'
  | 'engineFailed'
  | 'blacklistTitle'
  | 'blacklistReason'
  | 'blacklistNoReason'
  | 'matchTitle'
  | 'matchPerson'
  | 'distance'
  | 'ready'

const en: Sentences = {
  // the core's own wording: the UI and the CLI's refusals say the same thing
  ...GUIDANCE_MESSAGES,
  'camera.no_camera': 'No camera found. Connect a camera, or choose a photo file.',
  'camera.busy': 'The camera is in use by another program (a video call, another window). Close it, then try again.',
  'camera.denied': 'Camera access was refused. Allow the camera for this app in the system privacy settings, then try again.',
  'camera.failed': 'The camera could not start ({detail}).',
  loading: 'Loading the face models…',
  starting: 'Starting the camera…',
  camera: 'Camera',
  capture: 'Capture',
  processing: 'Cropping the portrait…',
  retry: 'Try again',
  retake: 'Retake',
  usePhoto: 'Use this photo anyway',
  engine: 'Face engine: {engine}',
  fps: '{fps} frames/s',
  quality: 'Quality {score}',
  portraitAlt: 'The cropped portrait',
  videoLabel: 'Live camera picture',
  captureFailed: 'The photo could not be prepared: {message}',
  engineFailed: 'The face engine could not start: {message}',
  blacklistTitle: 'BLACKLIST: {name}',
  blacklistReason: 'Reason: {reason}',
  blacklistNoReason: 'No reason recorded',
  matchTitle: 'This face is already registered',
  matchPerson: '{name} ({code})',
  distance: 'distance {distance}',
  ready: 'Look at the camera',
}

const zhCN: Sentences = {
  no_face: '未检测到人脸：请看向摄像头',
  multiple_faces: '画面中只能有一个人',
  too_far: '请靠近一点',
  too_close: '请稍微后退',
  not_in_frame: '请移到画面中间',
  turn_left: '请向自己的左边转头',
  turn_right: '请向自己的右边转头',
  chin_up: '请抬起下巴',
  chin_down: '请放低下巴',
  tilted: '请保持头部端正',
  too_dark: '太暗：请在面部前方补光',
  too_bright: '太亮：请避免强光直射面部',
  low_contrast: '面部对比度不足：请检查光线和镜头',
  blurry: '画面模糊：请保持不动',
  hold_still: '请保持不动',
  'camera.no_camera': '未找到摄像头。请连接摄像头，或选择照片文件。',
  'camera.busy': '摄像头正被其他程序占用（视频通话、另一个窗口）。请关闭该程序后重试。',
  'camera.denied': '摄像头权限被拒绝。请在系统隐私设置中允许本应用使用摄像头，然后重试。',
  'camera.failed': '摄像头无法启动（{detail}）。',
  loading: '正在加载人脸模型…',
  starting: '正在启动摄像头…',
  camera: '摄像头',
  capture: '拍照',
  processing: '正在裁剪人像…',
  retry: '重试',
  retake: '重拍',
  usePhoto: '仍然使用此照片',
  engine: '人脸引擎：{engine}',
  fps: '{fps} 帧/秒',
  quality: '质量 {score}',
  portraitAlt: '裁剪后的人像',
  videoLabel: '摄像头实时画面',
  captureFailed: '照片处理失败：{message}',
  engineFailed: '人脸引擎无法启动：{message}',
  blacklistTitle: '黑名单：{name}',
  blacklistReason: '原因：{reason}',
  blacklistNoReason: '未填写原因',
  matchTitle: '此人脸已登记',
  matchPerson: '{name}（{code}）',
  distance: '距离 {distance}',
  ready: '请看向摄像头',
}

const sentences: Record<Language, Sentences> = { en, 'zh-CN': zhCN }

export type CaptureMessageKey = keyof Sentences

export function captureText(language: Language, key: CaptureMessageKey, values: Record<string, string | number> = {}): string {
  return sentences[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole))
}
