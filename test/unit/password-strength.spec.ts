/**
 * A new staff password must be hard to guess, not only long: zxcvbn (with the common-password
 * dictionary and keyboard graphs) must score it at least MIN_PASSWORD_SCORE. The admin API, the
 * admin CLI and every other place a password is set call passwordProblem.
 */
import { MIN_PASSWORD_SCORE, passwordProblem } from '../../libs/auth/passwords';
import { slowDownDelayMs } from '../../libs/auth/slow-down';

describe('new passwords', () => {
  it('the threshold is zxcvbn score 3 of 4', () => {
    expect(MIN_PASSWORD_SCORE).toBe(3);
  });

  it.each([
    ['aaaaaaaaaaaa', /repeats one character/],
    ['abcabcabcabc', /repeats a short string/],
    ['123456789012', /too easy to guess/],
    ['password1234', /commonly used password/],
    ['qwertyuiopas', /too easy to guess/],
  ])('refuses %s, saying why', (password, why) => {
    expect(passwordProblem(password)).toMatch(why);
    expect(passwordProblem(password)).toMatch(/strength [0-2] of 4, at least 3 needed/);
  });

  it('refuses a password built on the account id or the name', () => {
    expect(passwordProblem('zhangsan-admin1', ['zhangsan-admin'])).toMatch(/too easy to guess/);
  });

  it('accepts a long passphrase and a random one', () => {
    expect(passwordProblem('a-new-password-of-length')).toBeNull();
    expect(passwordProblem('pw-5517343d-0c84-4cc0-8d39-f20654c8e51c')).toBeNull();
    expect(passwordProblem('绿水青山就是金山银山-2024')).toBeNull();
  });

  it('still refuses short and overlong ones by length first', () => {
    expect(passwordProblem('Xk9#mQ2!')).toMatch(/at least 12 characters/);
    expect(passwordProblem('x'.repeat(257))).toMatch(/at most 256 characters/);
  });
});

describe('slowing down after failures', () => {
  it('is free up to the limit, then doubles from 1 s, never past the cap', () => {
    const delays = [0, 1, 2, 3, 4, 5, 6, 7, 20, 1000].map((failures) => slowDownDelayMs(failures, 3, 8000));
    expect(delays).toEqual([0, 0, 0, 1000, 2000, 4000, 8000, 8000, 8000, 8000]);
  });
});
