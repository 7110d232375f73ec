import { createHmac, timingSafeEqual } from 'node:crypto';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I: read over the phone

/**
 * The 查询码 a petitioner uses to follow the case: derived from the petition id with a server
 * secret, so a retried registration can hand out the same code without storing it.
 */
export function deriveQueryCode(secret: string, petitionId: string): string {
  const digest = createHmac('sha256', secret).update(`query-code:${petitionId}`).digest();
  let code = '';
  for (let i = 0; i < 12; i++) code += ALPHABET[digest[i] % ALPHABET.length];
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

export function queryCodeMatches(secret: string, petitionId: string, presented: string): boolean {
  const expected = Buffer.from(deriveQueryCode(secret, petitionId));
  const given = Buffer.from(presented.trim().toUpperCase());
  return expected.length === given.length && timingSafeEqual(expected, given);
}
