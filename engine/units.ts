// How a parameter's unit (the pack schema's x-unit) reads after its value, for the diff and the page.

const LABELS: Record<string, string> = {
  points: 'points',
  percent: '%',
  share: 'share',
  clinicians: 'clinicians',
  sites: 'practice sites',
  days: 'days',
  date: '',
  finalScorePoints: 'final-score points',
  entityTypes: '',
};

/**
 * A value's text with its unit: `90 days`, `15%`, `0.5 (share)`, `medium 10, high 20 (points)`;
 * a date, a list of entity types or null alone.
 */
export function withUnit(text: string, value: unknown, unit: string | undefined): string {
  const label = unit === undefined ? '' : (LABELS[unit] ?? unit);
  if (!label || value === null || value === undefined) return text;
  if (typeof value === 'object' || unit === 'share') return `${text} (${label})`;
  return label === '%' ? `${text}%` : `${text} ${label}`;
}
