/**
 * Staff passwords: Argon2id (@node-rs/argon2 defaults: 19 MiB, 2 passes, 1 lane — the OWASP
 * minimum), stored as the PHC string, which carries its own parameters and salt.
 */
import { Algorithm, hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: Algorithm.Argon2id });
}

/** A hash of nothing anyone knows, verified when the user does not exist, so both answers take as long. */
let decoy: Promise<string> | undefined;

export async function passwordMatches(storedHash: string | null, password: string): Promise<boolean> {
  if (!storedHash) {
    decoy ??= hashPassword(`decoy-${Math.random()}`);
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}

/**
 * zxcvbn's score (0–4) a new password must reach: 3, "safely unguessable" (about 10^8 guesses or
 * more), which refuses common passwords, keyboard walks, repeats and sequences of any length
 * (`aaaaaaaaaaaa`, `123456789012`, `qwertyuiopas`, `password1234`).
 */
export const MIN_PASSWORD_SCORE = 3;

let strength: ZxcvbnFactory | undefined;

/** zxcvbn's warnings in words (its English translations are a package of their own). */
const WEAKNESS: Record<string, string> = {
  straightRow: 'it is a straight row of keys',
  keyPattern: 'it is a short keyboard pattern',
  simpleRepeat: 'it repeats one character',
  extendedRepeat: 'it repeats a short string',
  sequences: 'it is a sequence like abc or 6543',
  recentYears: 'it is built on a recent year',
  dates: 'it is built on a date',
  topTen: 'it is one of the ten most used passwords',
  topHundred: 'it is one of the hundred most used passwords',
  common: 'it is a commonly used password',
  similarToCommon: 'it is a commonly used password with small changes',
  wordByItself: 'it is a single word',
  namesByThemselves: 'it is a name',
  commonNames: 'it is a common name',
  userInputs: "it is built on the account id or the user's name",
};

/**
 * Why a new password is not acceptable, or null. `context` is what a guesser knows about the
 * account (its id, the user's name): a password built from it scores lower.
 */
export function passwordProblem(password: string, context: string[] = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `a password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `a password has at most ${MAX_PASSWORD_LENGTH} characters`;
  strength ??= new ZxcvbnFactory({ dictionary: { ...dictionary }, graphs: adjacencyGraphs });
  const result = strength.check(
    password,
    context.filter((c) => c.length > 0),
  );
  if (result.score < MIN_PASSWORD_SCORE) {
    const why =
      WEAKNESS[result.feedback.warning ?? ''] ??
      'common words, repeats, sequences and keyboard patterns count for little';
    return `the password is too easy to guess (strength ${result.score} of 4, at least ${MIN_PASSWORD_SCORE} needed): ${why}`;
  }
  return null;
}
