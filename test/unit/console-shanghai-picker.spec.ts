/**
 * The console's pickers read Beijing time whatever the PC's zone (staff/common/shanghai-picker.ts).
 * Jest runs in the zone of the machine; the wall-clock reading is what matters, so the test builds
 * the picker value from a wall-clock string as Ant Design does, in whatever zone this process has.
 */
import dayjs from 'dayjs';
import {
  pickedDateToWire,
  pickedInstantToWire,
  shanghaiNowForPicker,
} from '../../apps/console/src/staff/common/shanghai-picker';

describe('Shanghai pickers', () => {
  it('a picked 09:00 is 09:00+08:00, whatever zone the PC is in', () => {
    expect(pickedInstantToWire(dayjs('2026-12-06T09:00:00'))).toBe('2026-12-06T09:00:00+08:00');
    expect(pickedInstantToWire(dayjs('2026-12-31T23:59:30'))).toBe('2026-12-31T23:59:30+08:00');
    expect(pickedDateToWire(dayjs('2026-12-06T00:00:00'))).toBe('2026-12-06');
  });

  it('now is shown as the wall clock in Beijing', () => {
    expect(shanghaiNowForPicker(new Date('2026-12-06T01:30:00Z')).format('YYYY-MM-DD HH:mm')).toBe('2026-12-06 09:30');
    expect(shanghaiNowForPicker(new Date('2026-12-06T17:00:00Z')).format('YYYY-MM-DD HH:mm')).toBe('2026-12-07 01:00');
  });
});
