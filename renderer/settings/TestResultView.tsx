import { useT, type MessageKey } from '../i18n'
import { testResultDetail } from '../../common/targets/test-result-text'
import type { TargetTestResult } from './target-form'

type Failure = Extract<TargetTestResult, { ok: false }>

function headline(result: Failure): MessageKey {
  if (result.problem === 'credentials') return 'targets.test.credentials'
  if (result.problem === 'refused') return 'targets.test.refused'
  if (result.problem === 'config') return 'targets.test.config'
  return result.reachable ? 'targets.test.busy' : 'targets.test.unreachable'
}

/** What a connection test found: a plain headline, then the back end's answer or the failure by its message code (the back end's own words inside). */
export function TestResultView({ result }: { result: TargetTestResult | 'testing' }) {
  const { t } = useT()
  if (result === 'testing') {
    return (
      <p className="test-result test-result--busy" role="status">
        {t('targets.testing')}
      </p>
    )
  }
  if (result.ok) {
    return (
      <div className="test-result test-result--ok" role="status" data-outcome={result.credentialChecked ? 'ok' : 'answered'}>
        <strong>{t(result.credentialChecked ? 'targets.test.ok' : 'targets.test.answered')}</strong>
        <span className="test-result__detail">{testResultDetail(result, t)}</span>
      </div>
    )
  }
  return (
    <div className="test-result test-result--failed" role="status" data-outcome={result.problem}>
      <strong>{t(headline(result))}</strong>
      {/* a coded failure carries the back end's words in its own line */}
      {result.remoteMessage && !result.failure?.messageCode && <span>{t('targets.test.remote', { message: result.remoteMessage })}</span>}
      <span className="test-result__detail">{testResultDetail(result, t)}</span>
    </div>
  )
}
