import { canonicalCaseNumber, formatCaseNumber, parseCaseNumber } from '../../libs/process/case-number';

describe('信访件编号 as people type it', () => {
  it('formats with the prefix, the year in 〔〕 and five digits', () => {
    expect(formatCaseNumber({ prefix: '示县信', year: 2026, serial: 123 })).toBe('示县信〔2026〕第00123号');
    expect(formatCaseNumber({ prefix: '示县信', year: 2026, serial: 123456 })).toBe('示县信〔2026〕第123456号');
  });

  it.each([
    '示县信〔2026〕第00123号',
    '示县信[2026]123',
    '示县信（2026）第123号',
    '示县信(2026)00123号',
    '示县信【2026】第 123 号',
    '示县信2026第123号',
    ' 示县信〔2026〕123 ',
  ])('reads %s as 示县信〔2026〕第00123号', (typed) => {
    expect(canonicalCaseNumber(typed)).toBe('示县信〔2026〕第00123号');
  });

  it.each(['', '示县信', '2026', '示县信〔2026〕第0号', '示县信〔26〕第1号', 'abc'])(
    '%s is not a case number',
    (typed) => {
      expect(parseCaseNumber(typed)).toBeNull();
    },
  );
});
