/**
 * The anti-bot check of the public submission page: an ALTCHA proof-of-work, created and verified
 * here with altcha-lib. Nothing is sent to a third party and nothing about the person is looked
 * at: the browser spends a moment of CPU per submission, which a person does not notice and a
 * sender of thousands pays for. Challenges are signed (HMAC) and expire; a solved challenge buys
 * one submission (its signature is unique in online_submissions).
 */
import { Inject, Injectable } from '@nestjs/common';
import { createChallenge, randomInt, verifySolution, type Challenge, type Solution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { ServiceConfig } from '@/libs/config/config';
import { ApiError } from '../common/api-error';
import { SERVICE_CONFIG } from '../common/tokens';

export const ALTCHA_ALGORITHM = 'PBKDF2/SHA-256';

@Injectable()
export class AltchaCheck {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  async challenge(): Promise<Challenge> {
    const { altcha } = this.config.online;
    return createChallenge({
      algorithm: ALTCHA_ALGORITHM,
      cost: altcha.cost,
      counter: randomInt(1, altcha.maxCounter),
      deriveKey,
      hmacSignatureSecret: altcha.hmacKey,
      expiresAt: new Date(Date.now() + altcha.expiresSeconds * 1000),
    });
  }

  /** The widget's payload (base64 JSON of challenge and solution): its challenge's signature when solved, else 400 altchaFailed. */
  async verify(payload: string | undefined): Promise<string> {
    const refuse = (why: string) =>
      new ApiError('validation', `the anti-bot check was not passed (${why})`, 'altcha', undefined, {
        messageKey: 'online.altchaFailed',
      });
    if (!payload || payload.length > 20_000) throw refuse('no ALTCHA payload');
    let decoded: { challenge?: Challenge; solution?: Solution };
    try {
      decoded = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
    } catch {
      throw refuse('the payload is not base64 JSON');
    }
    if (!decoded?.challenge?.parameters || !decoded.solution || typeof decoded.challenge.signature !== 'string')
      throw refuse('the payload has no signed challenge and solution');
    const result = await verifySolution({
      challenge: decoded.challenge,
      solution: decoded.solution,
      deriveKey,
      hmacSignatureSecret: this.config.online.altcha.hmacKey,
    }).catch(() => null);
    if (!result?.verified)
      throw refuse(result?.expired ? 'the challenge expired' : 'the challenge is not solved, or not ours');
    return decoded.challenge.signature;
  }
}
