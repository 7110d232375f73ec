import {
  canonicalSubmissionNumber,
  formatSubmissionNumber,
  maskDigits,
  maskName,
} from '../../libs/process/online-petition';
import { canonicalCaseNumber } from '../../libs/process/case-number';

describe('网上信访 words', () => {
  it('a submission number is written in office style and read however typed; a case number is not one', () => {
    expect(formatSubmissionNumber(2026, 12)).toBe('网上信访〔2026〕第00012号');
    expect(canonicalSubmissionNumber('网上信访[2026]12')).toBe('网上信访〔2026〕第00012号');
    expect(canonicalSubmissionNumber(' 网上信访（2026）第012号 ')).toBe('网上信访〔2026〕第00012号');
    expect(canonicalSubmissionNumber('示县信〔2026〕第00012号')).toBeNull();
    expect(canonicalSubmissionNumber('0b8f6c9e-2d4a-4e7b-9a51-3c2f1d0e8b7a')).toBeNull();
    // The petitioner lookup parses it as it parses case numbers, to the same canonical text.
    expect(canonicalCaseNumber('网上信访[2026]12')).toBe('网上信访〔2026〕第00012号');
  });

  it('lists mask names to the surname and numbers to their first three and last four digits', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('李')).toBe('*');
    expect(maskDigits('13800138000')).toBe('138****8000');
    expect(maskDigits('110101199003071234')).toBe('110***********1234');
    expect(maskDigits('12345')).toBe('1****');
    expect(maskDigits(null)).toBeNull();
  });
});
