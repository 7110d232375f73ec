/**
 * The console draws every staff action's form from the argument schema the API hands out (GET
 * /petitions/:id/actions); this holds the two together: every argument of every action has a
 * Chinese label and a widget the console knows, every enumerated value its word, and what the
 * form sends is what the schema asks (instants with +08:00, dates as YYYY-MM-DD, blanks left out).
 * An argument added to the API without its label here fails this test, not a user.
 */
import dayjs from 'dayjs';
import { ACTION_NAMES, argsSchemaName } from '../../apps/api/src/petitions/actions/action-catalog';
import { OpenApiDocument } from '../../apps/api/src/common/openapi-document';
import { ARG_LABELS, enumLabel } from '../../apps/console/src/staff/actions/labels';
import { argsOf, fieldsOf, type JsonSchema } from '../../apps/console/src/staff/actions/schema';
import { useRunningService } from '../support/harness';

describe("the console's action forms and the API's argument schemas", () => {
  const service = useRunningService();
  const argsSchema = (action: (typeof ACTION_NAMES)[number]) =>
    service.app.get(OpenApiDocument).schema(argsSchemaName(action)) as JsonSchema;

  it('label every argument of every action in Chinese, and every value of an enumeration', () => {
    const unlabelled: string[] = [];
    for (const action of ACTION_NAMES) {
      for (const field of fieldsOf(argsSchema(action), action)) {
        if (!ARG_LABELS[field.name]) unlabelled.push(`${action}.${field.name}`);
        // A calendar version is its own name (chinese-days@1.5.7); every other enumeration is a word.
        if (field.name === 'calendarVersion') continue;
        for (const value of field.schema.enum ?? [])
          if (enumLabel(field.name, value) === value) unlabelled.push(`${action}.${field.name}=${String(value)}`);
      }
    }
    expect(unlabelled).toEqual([]);
  });

  it('draw each argument with the widget its schema calls for', () => {
    const kinds = (action: (typeof ACTION_NAMES)[number]) =>
      Object.fromEntries(fieldsOf(argsSchema(action), action).map((f) => [f.name, [f.kind, f.required]]));
    expect(kinds('route')).toEqual({ unitId: ['unit', true] });
    expect(kinds('extendHandling')).toEqual({ days: ['number', true], reason: ['longText', true] });
    expect(kinds('issueReply')).toEqual({
      facts: ['longText', true],
      reasons: ['longText', true],
      legalBasis: ['longText', true],
      outcome: ['enum', true],
    });
    expect(kinds('recordDelivery')).toEqual({
      deliveredAt: ['instant', true],
      documentId: ['document', false],
      method: ['enum', true],
      signedBy: ['enum', false],
      receiptFileId: ['material', false],
    });
    // A review request received by letter: its postmark, optional.
    expect(kinds('requestReview')).toEqual({ receivedAt: ['instant', true], postmarkedAt: ['instant', false] });
    expect(kinds('startHearing')).toEqual({ startDate: ['date', true] });
    expect(kinds('reportUrgent').reportedToUnitId).toEqual(['unit', true]);
  });

  it('send instants with the +08:00 offset, dates as YYYY-MM-DD, and leave blank optional arguments out', () => {
    const delivery = fieldsOf(argsSchema('recordDelivery'), 'recordDelivery');
    // The picker holds the wall-clock time the clerk picked (09:30), read as Beijing time whatever the PC's zone.
    expect(
      argsOf(delivery, { deliveredAt: dayjs('2026-12-08T09:30:00'), documentId: '', method: 'post', signedBy: '' }),
    ).toEqual({
      deliveredAt: '2026-12-08T09:30:00+08:00',
      method: 'post',
    });
    const hearing = fieldsOf(argsSchema('startHearing'), 'startHearing');
    // The picker's day is the day shown to the user, whatever the zone.
    expect(argsOf(hearing, { startDate: dayjs('2027-02-01') })).toEqual({ startDate: '2027-02-01' });
    const correction = fieldsOf(argsSchema('correctRegistration'), 'correctRegistration');
    expect(argsOf(correction, { field: 'urgent', value: '是', reason: '漏登' })).toEqual({
      field: 'urgent',
      value: true,
      reason: '漏登',
    });
  });
});
