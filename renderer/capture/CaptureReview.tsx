/**
 * A capture that matched the register: the cropped portrait with its quality, and the matches
 * beside their registered photos — a loud red alert for a blacklist entry (name and reason), an
 * amber warning for someone already registered — until the user keeps the photo or retakes.
 */
import type { CaptureMatch } from '../../common/face/capture-types'
import type { Bridge } from '../../common/contract'
import type { Language } from '../i18n/language'
import type { CaptureResult } from './capture-flow'
import { captureText } from './messages'

export function CaptureReview(props: { result: CaptureResult; language: Language; bridge: Bridge | null; onUse(): void; onRetake(): void }) {
  const { result, language, bridge } = props
  const say = (key: Parameters<typeof captureText>[1], values?: Record<string, string | number>) => captureText(language, key, values)
  const blacklisted = result.matches.filter((match) => match.blacklist)
  const registered = result.matches.filter((match) => !match.blacklist)
  const photoOf = (match: CaptureMatch) => (match.photoHash && bridge ? bridge.photoUrl(match.photoHash) : null)

  return (
    <div className={`capture-review${blacklisted.length ? ' capture-review--blacklist' : ''}`} data-phase="review">
      {blacklisted.map((match) => (
        <div key={match.personId} className="capture-alert capture-alert--blacklist" role="alert">
          <MatchPhoto url={photoOf(match)} />
          <div>
            <strong className="capture-alert__title">{say('blacklistTitle', { name: match.name })}</strong>
            <span>{match.reason ? say('blacklistReason', { reason: match.reason }) : say('blacklistNoReason')}</span>
            <small>
              {say('matchPerson', { name: match.name, code: match.code })} · {say('distance', { distance: match.distance.toFixed(2) })}
            </small>
          </div>
        </div>
      ))}
      {registered.length > 0 && (
        <div className="capture-alert capture-alert--match" role="alert">
          <strong className="capture-alert__title">{say('matchTitle')}</strong>
          <ul>
            {registered.map((match) => (
              <li key={match.personId}>
                <MatchPhoto url={photoOf(match)} />
                <span>{say('matchPerson', { name: match.name, code: match.code })}</span>
                <small>{say('distance', { distance: match.distance.toFixed(2) })}</small>
              </li>
            ))}
          </ul>
        </div>
      )}
      <figure className="capture-review__portrait">
        <img src={`data:image/jpeg;base64,${result.jpegBase64}`} alt={say('portraitAlt')} />
        <figcaption className={`quality-badge ${result.quality.score >= 70 ? 'quality-badge--good' : 'quality-badge--fair'}`}>
          {say('quality', { score: Math.round(result.quality.score) })}
        </figcaption>
      </figure>
      <div className="capture-view__controls">
        <button type="button" className="button button--primary button--large" onClick={props.onRetake} autoFocus>
          {say('retake')}
        </button>
        <button type="button" className={`button button--large${blacklisted.length ? ' button--danger' : ''}`} onClick={props.onUse}>
          {say('usePhoto')}
        </button>
      </div>
    </div>
  )
}

function MatchPhoto({ url }: { url: string | null }) {
  return url ? <img className="capture-alert__photo" src={url} alt="" /> : null
}
