/** The error both workflows' rules throw when they refuse an action (thrown out as a failure by refusal-failure.ts). */
import type { RefusalDetails, RefusalMessageKey, RefusalParams, RejectionCode } from '../libs/process';

export abstract class RefusalError extends Error implements RefusalDetails {
  constructor(
    readonly code: RejectionCode,
    message: string,
    /** The argument at fault, when one is: `args.instructions`; null when the refusal is about the state. */
    readonly field: string | null,
    /** The rule refused by, as a stable key a catalogue renders for people (`args.required`, `case.notListed`). */
    readonly messageKey: RefusalMessageKey,
    readonly params: RefusalParams = {},
  ) {
    super(message);
  }
}
