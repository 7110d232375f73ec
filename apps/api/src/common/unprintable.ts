import { existsSync } from 'node:fs';
import { describeCodePoint, documentFonts, findUnprintableField } from '@/libs/documents';
import { ApiError } from './api-error';

let fontsFound = false;
/** Looked for until found: fonts installed while the API runs are used from then on, and found ones stay. */
function fontsInstalled(): boolean {
  fontsFound ||= existsSync(documentFonts().regular.path);
  return fontsFound;
}

/**
 * Text that may end up in a notice (the petitioner's name, an action's reasons and facts) is
 * refused, naming the field and the character, when no document font can print a character of
 * it: refused here, before anything is registered or issued, rather than dropped from the PDF.
 * Without the fonts on this host the check is left to the render, which refuses the same way.
 */
export function refuseUnprintable(value: unknown, path = ''): void {
  if (!fontsInstalled()) return;
  const found = findUnprintableField(value, path);
  if (found) {
    throw new ApiError(
      'unprintable',
      `${found.field} contains ${describeCodePoint(found.codePoint)}, which no document font can print (emoji and unassigned characters cannot appear in a notice): write it another way`,
      found.field,
      undefined,
      {
        messageKey: 'validation.unprintable',
        params: { field: found.field, character: String.fromCodePoint(found.codePoint) },
      },
    );
  }
}
