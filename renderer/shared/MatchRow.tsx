import { useT } from '../i18n'
import { useStation } from '../store'
import { Avatar } from './Avatar'
import './match-warnings.css'

/**
 * One registered person a check found (by face or by fields): loud red for the blacklist, amber
 * for something to look at, with a button that opens the person.
 */
export function MatchRow(props: { personId: string; name: string; photoHash: string | null; loud: boolean; title: string; detail?: string }) {
  const { t } = useT()
  const openPerson = useStation((state) => state.openPerson)
  return (
    <div className={`match ${props.loud ? 'match--blacklist' : 'match--duplicate'}`}>
      <Avatar name={props.name} hash={props.photoHash} size={44} />
      <div className="match__text">
        <strong>{props.title}</strong>
        {props.detail && <span>{props.detail}</span>}
      </div>
      <button type="button" className="button button--small" onClick={() => openPerson(props.personId)}>
        {t('match.open')}
      </button>
    </div>
  )
}
