import type { ReactNode } from 'react'
import { useT } from '../i18n'
import { Icon } from '../shared/icons'
import { LanguageChoice } from '../shared/LanguageChoice'
import './session.css'

/** The frame of the screens shown before anyone works at the desk: the product, one card, the language. */
export function SessionPage(props: { title: string; intro?: ReactNode; children: ReactNode }) {
  const { t } = useT()
  return (
    <main className="session-page">
      <section className="card session-card" aria-labelledby="session-title">
        <div className="session-card__brand">
          <span className="nav__logo" aria-hidden="true">
            <Icon name="enroll" size={22} />
          </span>
          <span>{t('app.name')}</span>
        </div>
        <h1 id="session-title">{props.title}</h1>
        {props.intro && <div className="session-card__intro">{props.intro}</div>}
        {props.children}
      </section>
      <div className="session-page__language">
        <span id="session-language" className="muted">
          <Icon name="globe" size={16} /> {t('settings.language')}
        </span>
        <LanguageChoice labelledBy="session-language" />
      </div>
    </main>
  )
}
