/**
 * 重复信访: the same petitioner is recognised however the registrar typed their name and phone, and
 * only through keyed hashes.
 */
import {
  normalizeContact,
  normalizeName,
  petitionerHashes,
  petitionerIdentityKey,
} from '../../libs/auth/petitioner-identity';

describe('petitioner identity hashes', () => {
  const key = petitionerIdentityKey('a test secret');

  it('a name is the same with spaces, a middle dot or full-width letters', () => {
    expect(normalizeName(' 张 三 ')).toBe('张三');
    expect(normalizeName('阿卜杜·热依木')).toBe(normalizeName('阿卜杜热依木'));
    expect(normalizeName('ＬＩ　Ｍｉｎｇ')).toBe('liming');
  });

  it('a phone number is its digits, without the +86 or 0086 country code; other contacts fold case and spaces', () => {
    for (const phone of [
      '13912345678',
      '+86 139-1234-5678',
      '0086 139 1234 5678',
      '(139) 1234 5678',
      '８６１３９１２３４５６７８',
      '１３９１２３４５６７８',
    ]) {
      expect({ phone, normal: normalizeContact(phone) }).toEqual({ phone, normal: '13912345678' });
    }
    expect(normalizeContact('Wang.Wu@Example.CN ')).toBe('wang.wu@example.cn');
    expect(normalizeContact('0755-8888 1234')).toBe('075588881234');
  });

  it('the same person gives the same hashes; another contact or another key does not', () => {
    const a = petitionerHashes(key, '王五', '+86 139-1234-5678');
    expect(petitionerHashes(key, '王 五', '13912345678')).toEqual(a);
    expect(petitionerHashes(key, '王五', '13912345679').identityHash).not.toBe(a.identityHash);
    expect(petitionerHashes(key, '王五', '13912345679').nameHash).toBe(a.nameHash);
    expect(petitionerHashes(petitionerIdentityKey('another secret'), '王五', '13912345678')).not.toEqual(a);
  });

  it('without a contact there is a name hash and no identity hash; neither contains the name or the number', () => {
    const h = petitionerHashes(key, '王五', null);
    expect(h.identityHash).toBeNull();
    expect(h.nameHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(petitionerHashes(key, '王五', '13912345678'))).not.toMatch(/王五|13912345678/);
  });
});
