/**
 * Assessors read a figure's definition in the README or in the OpenAPI description; both must say
 * the same as the code that counts it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMON_RULES, FIGURE_DEFINITIONS } from '../../apps/api/src/reports/figure-definitions';
import { ASSESSMENT_DESCRIPTION } from '../../apps/api/src/reports/dto/assessment-views';

const flat = (s: string) => s.replace(/\s+/g, ' ');
const readme = flat(readFileSync(join(__dirname, '..', '..', 'docs', 'reports.md'), 'utf8'));

describe('assessment figure definitions', () => {
  it.each(Object.entries(FIGURE_DEFINITIONS))('the README defines %s exactly as the report counts it', (name, text) => {
    expect(readme).toContain(flat(`\`${name}\` — ${text}`));
    expect(ASSESSMENT_DESCRIPTION).toContain(text);
  });

  it('the README and the OpenAPI description state every rule common to the figures (period, scope, exclusions)', () => {
    for (const rule of COMMON_RULES) {
      expect(readme).toContain(flat(rule));
      expect(ASSESSMENT_DESCRIPTION).toContain(rule);
    }
    expect(COMMON_RULES.join(' ')).toMatch(/不予受理.*不再受理.*导入/);
  });
});
