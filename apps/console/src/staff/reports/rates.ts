import type { Schemas } from '../../api/client';

/** `83.3%（5/6）`; `—（0/0）` when nothing was owed in the period. */
export function rateText(rate: Schemas['RateView']): string {
  const percent = rate.rate == null ? '—' : `${(rate.rate * 100).toFixed(1)}%`;
  return `${percent}（${rate.numerator}/${rate.denominator}）`;
}

export function shareText(share: number | null): string {
  return share == null ? '—' : `${(share * 100).toFixed(1)}%`;
}
