/** The per-channel address rules of the admin API, and what the operators' view cuts out of errors. */
import { DirectoryError } from '../../libs/persistence/directory-admin';
import { normalisedAddress } from '../../libs/persistence/notification-admin';
import { withoutPersonalData } from '../../libs/persistence/notification-delivery-state';

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    return (error as DirectoryError).messageKey;
  }
  return null;
};

describe('notification addresses per channel', () => {
  it('keeps a mailbox, an https URL, a mainland mobile as 11 digits', () => {
    expect(normalisedAddress('email', ' xfj@example.gov.cn ', 'a')).toBe('xfj@example.gov.cn');
    expect(normalisedAddress('dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=abc', 'a')).toBe(
      'https://oapi.dingtalk.com/robot/send?access_token=abc',
    );
    expect(normalisedAddress('sms', '+86 138 0013 8000', 'a')).toBe('13800138000');
    expect(normalisedAddress('sms', '8613800138000', 'a')).toBe('13800138000');
  });

  it('refuses each with its own key', () => {
    expect(refusal(() => normalisedAddress('email', 'xfj@', 'a'))).toBe('admin.notificationEmailInvalid');
    expect(refusal(() => normalisedAddress('email', 'a@b.cn\r\nBcc: x@y.cn', 'a'))).toBe(
      'admin.notificationEmailInvalid',
    );
    expect(refusal(() => normalisedAddress('wecom', 'http://qyapi.weixin.qq.com/x?key=1', 'a'))).toBe(
      'admin.notificationUrlInvalid',
    );
    expect(refusal(() => normalisedAddress('webhook', 'https://user:pw@gw.example.cn/', 'a'))).toBe(
      'admin.notificationUrlInvalid',
    );
    expect(refusal(() => normalisedAddress('webhook', 'gw.example.cn', 'a'))).toBe('admin.notificationUrlInvalid');
    expect(refusal(() => normalisedAddress('sms', '12800138000', 'a'))).toBe('admin.notificationPhoneInvalid');
    expect(refusal(() => normalisedAddress('sms', '010-12345678', 'a'))).toBe('admin.notificationPhoneInvalid');
  });
});

describe("the operators' view of an error", () => {
  it('cuts out mailboxes, mobiles and a URL query, keeps the rest', () => {
    expect(withoutPersonalData('Error EENVELOPE: 550 <zhang@example.cn>: Recipient address rejected')).toBe(
      'Error EENVELOPE: 550 <…@…>: Recipient address rejected',
    );
    expect(withoutPersonalData('isv.MOBILE_NUMBER_ILLEGAL 13800138000')).toBe('isv.MOBILE_NUMBER_ILLEGAL 1**********');
    expect(withoutPersonalData('fetch https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRET failed')).toBe(
      'fetch https://qyapi.weixin.qq.com/cgi-bin/webhook/send?… failed',
    );
    expect(withoutPersonalData('HTTP 503')).toBe('HTTP 503');
  });
});
