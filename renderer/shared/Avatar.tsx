import { getBridge } from '../store/bridge-holder'

/** The person's photo, or their initials on a calm tint when there is none. */
export function Avatar({ name, hash, size = 40 }: { name: string; hash: string | null | undefined; size?: number }) {
  const style = { width: size, height: size }
  if (hash) return <img className="avatar" style={style} src={getBridge().photoUrl(hash)} alt="" loading="lazy" decoding="async" draggable={false} />
  return (
    <span className="avatar avatar--initials" style={{ ...style, fontSize: size * 0.4 }} aria-hidden="true">
      {initials(name)}
    </span>
  )
}

function initials(name: string): string {
  const trimmed = name.trim()
  if (!trimmed) return '?'
  // Chinese names read best as their given name's last character or two; Latin names as initials
  if (/[\u3400-\u9fff]/.test(trimmed)) return trimmed.slice(-2)
  const parts = trimmed.split(/\s+/)
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : '')).toUpperCase()
}
