import type { ChannelResult } from '../../common/contract'
import { useT } from '../i18n'

type Bucket = ChannelResult<'sync.history'>[number]

const WIDTH = 720
const HEIGHT = 160
const AXIS = 22

/**
 * Pushed (green) over failed and refused (red) per 10-minute bucket: a glance says whether the
 * back ends are keeping up. Drawn as plain SVG; the summary for screen readers is its label.
 */
export function HistoryChart({ buckets, hours }: { buckets: Bucket[]; hours: number }) {
  const { t, language } = useT()
  const pushed = buckets.reduce((sum, b) => sum + b.pushed, 0)
  const failed = buckets.reduce((sum, b) => sum + b.failed + b.refused, 0)
  const peak = Math.max(1, ...buckets.map((b) => b.pushed + b.failed + b.refused))
  const slot = buckets.length ? WIDTH / buckets.length : WIDTH
  const bar = Math.max(2, slot - 3)
  const plot = HEIGHT - AXIS
  const hourFormat = new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit' })
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={t('sync.chartLabel', { hours, pushed, failed })} preserveAspectRatio="none">
        <line x1={0} x2={WIDTH} y1={plot + 0.5} y2={plot + 0.5} className="chart__axis" />
        {buckets.map((bucket, index) => {
          const okHeight = (bucket.pushed / peak) * (plot - 6)
          const badHeight = ((bucket.failed + bucket.refused) / peak) * (plot - 6)
          const x = index * slot + (slot - bar) / 2
          const start = new Date(bucket.start)
          return (
            <g key={bucket.start}>
              <title>{`${hourFormat.format(start)} · ${t('sync.pushed')} ${bucket.pushed} · ${t('sync.failed')} ${bucket.failed + bucket.refused}`}</title>
              {okHeight > 0 && <rect className="chart__ok" x={x} width={bar} y={plot - okHeight} height={okHeight} rx={1.5} />}
              {badHeight > 0 && <rect className="chart__bad" x={x} width={bar} y={plot - okHeight - badHeight} height={badHeight} rx={1.5} />}
              {start.getMinutes() === 0 && (
                <text className="chart__label" x={x + bar / 2} y={HEIGHT - 6} textAnchor="middle">
                  {hourFormat.format(start)}
                </text>
              )}
            </g>
          )
        })}
      </svg>
      <figcaption className="chart__legend">
        <span className="chart__key chart__key--ok">
          {t('sync.pushed')} {pushed.toLocaleString(language)}
        </span>
        <span className="chart__key chart__key--bad">
          {t('sync.failed')} {failed.toLocaleString(language)}
        </span>
        <span className="muted">{t('sync.lastHours', { hours })}</span>
      </figcaption>
    </figure>
  )
}
