/**
 * 重复信访: who the petitioner is, as keyed hashes of their normalized name and contact. Repeat
 * petitions are found by comparing hashes, never the identity in the clear; the hashes stay in
 * PostgreSQL (petition_intakes) and never enter Temporal. The key is derived from the query-code
 * secret (HKDF, its own label), so there is no second secret to manage; rotating that secret
 * leaves earlier cases unmatched until their hashes are recomputed.
 */
import { createHmac, hkdfSync } from 'node:crypto';

/** Full-width folded to half-width, case folded, and the spaces and dots people put inside a name removed (张 三 = 张三 = 张·三). */
export function normalizeName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s·•・.\-_'’]/gu, '');
}

/**
 * A phone number by its digits, without the +86 / 0086 country code; anything else (an e-mail, an
 * address) case-folded without spaces.
 */
export function normalizeContact(contact: string): string {
  const text = contact.normalize('NFKC').trim().toLowerCase();
  if (!/^[+\d\s\-().]+$/.test(text)) return text.replace(/\s/g, '');
  const digits = text.replace(/\D/g, '');
  if (digits.startsWith('0086')) return digits.slice(4);
  if (text.startsWith('+86') || (digits.startsWith('86') && digits.length === 13)) return digits.slice(2);
  return digits;
}

export function petitionerIdentityKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'petitions', 'petitioner-identity', 32));
}

export interface PetitionerHashes {
  nameHash: string;
  /** null without a contact: a name alone does not tell two people apart. */
  identityHash: string | null;
}

export function petitionerHashes(key: Buffer, name: string, contact: string | null | undefined): PetitionerHashes {
  const mac = (text: string) => createHmac('sha256', key).update(text).digest('hex');
  const normalName = normalizeName(name);
  const normalContact = contact ? normalizeContact(contact) : '';
  return {
    nameHash: mac(`name\n${normalName}`),
    identityHash: normalContact ? mac(`identity\n${normalName}\n${normalContact}`) : null,
  };
}

/**
 * The search by phone (案件查询): a keyed hash of the normalized contact alone, so the index holds no
 * phone number in the clear and matches 138-0013-8000 to +86 13800138000. Exact match only: a
 * prefix of a phone number matches too many people to be a search for one.
 */
export function petitionerContactHash(key: Buffer, contact: string): string | null {
  const normal = normalizeContact(contact);
  return normal ? createHmac('sha256', key).update(`contact\n${normal}`).digest('hex') : null;
}
