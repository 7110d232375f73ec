/** The pure rules behind issue 20's items 3 and 4: what makes a request id one request, and who may lead a case. */
import {
  canonicalJson,
  caseLeaderRefusal,
  requestFingerprint,
  requestIdConflict,
  type LeaderPlacement,
} from '../../libs/process';

const REGISTRAR = { userId: 'x-registrar', role: 'registrar' as const, unitId: 'x-xfj' };

describe('a request id is one request', () => {
  it('the fingerprint ignores key order but not values, actions or actors', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'z' } })).toBe(
      '{"a":{"c":"z","d":[1,{"x":1,"y":2}]},"b":1}',
    );
    const route = requestFingerprint('route', REGISTRAR, { unitId: 'x-zjj', note: null });
    expect(requestFingerprint('route', REGISTRAR, { note: null, unitId: 'x-zjj' })).toBe(route);
    expect(requestFingerprint('route', REGISTRAR, { unitId: 'x-jw', note: null })).not.toBe(route);
    expect(requestFingerprint('assign', REGISTRAR, { unitId: 'x-zjj', note: null })).not.toBe(route);
    expect(requestFingerprint('route', { ...REGISTRAR, userId: 'other' }, { unitId: 'x-zjj', note: null })).not.toBe(
      route,
    );
    expect(route).toMatch(/^[0-9a-f]{16}$/);
  });

  it('a retry passes; another action or other arguments conflict, naming the earlier action; an entry from before fingerprints passes as before', () => {
    const earlier = { action: 'route', fingerprint: requestFingerprint('route', REGISTRAR, { unitId: 'x-zjj' }) };
    expect(requestIdConflict(earlier, 'route', earlier.fingerprint)).toBeNull();
    expect(requestIdConflict(earlier, 'decline', 'x')).toMatch(/already used on this case for the action "route"/);
    expect(requestIdConflict(earlier, 'route', requestFingerprint('route', REGISTRAR, { unitId: 'x-jw' }))).toMatch(
      /"route" with other arguments/,
    );
    expect(requestIdConflict(undefined, 'decline', 'x')).toBeNull();
  });
});

describe('a case leader (包案领导) sits over the case, never in the accused unit', () => {
  const xLeader: LeaderPlacement = {
    userId: 'x-leader',
    unitId: 'x-zjj',
    level: 'county',
    officeId: 'x-xfj',
    unitChain: ['x-zjj', 'c-zjj', 'p-zjj'],
  };
  const countyCase = { level: 'county' as const, officesOverCase: ['x-xfj', 'c-xfj', 'p-xfj'], accusedUnitId: null };

  it("accepts the leader of the case's own county", () => expect(caseLeaderRefusal(xLeader, countyCase)).toBeNull());
  it('refuses a leader of the accused unit, or of a unit under it, as protectedParty', () => {
    expect(caseLeaderRefusal(xLeader, { ...countyCase, accusedUnitId: 'x-zjj' })?.code).toBe('protectedParty');
    expect(caseLeaderRefusal(xLeader, { ...countyCase, accusedUnitId: 'c-zjj' })?.code).toBe('protectedParty');
    expect(caseLeaderRefusal(xLeader, { ...countyCase, accusedUnitId: 'x-jw' })).toBeNull();
  });
  it('refuses a leader of another county or another level', () => {
    expect(
      caseLeaderRefusal(
        { ...xLeader, unitId: 'y-zjj', officeId: 'y-xfj', unitChain: ['y-zjj', 'c-zjj', 'p-zjj'] },
        countyCase,
      )?.code,
    ).toBe('wrongUnit');
    expect(
      caseLeaderRefusal(
        { ...xLeader, level: 'city', unitId: 'c-zjj', officeId: 'c-xfj', unitChain: ['c-zjj', 'p-zjj'] },
        countyCase,
      )?.message,
    ).toMatch(/needs a county-level leader/);
    expect(
      caseLeaderRefusal(
        { ...xLeader, level: 'city', unitId: 'c-zjj', officeId: 'c-xfj', unitChain: ['c-zjj', 'p-zjj'] },
        { ...countyCase, level: 'city' },
      ),
    ).toBeNull();
  });
});
