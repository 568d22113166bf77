// The delegation rules as pure functions: the lifecycle table, overlaps, date checks, report
// missing, the EU CERV counts and the language of a reply.
import { describe, it, expect } from 'vitest';
import {
  DELEGATION_STATUSES,
  checkDelegationTransition,
  checkParticipantCount,
  checkProgrammeItem,
  checkVisitDates,
  cervCounts,
  countBySide,
  findOverlaps,
  nextDelegationStatuses,
  quarterOf,
  rangesOverlap,
  replyLocaleForCountry,
  reportMissing,
  type DelegationStatus,
  type OverlapCandidate,
} from '../../src/delegations/domain.js';

describe('delegation lifecycle', () => {
  const allowed: [DelegationStatus, DelegationStatus[]][] = [
    ['requested', ['planned', 'declined', 'cancelled']],
    ['planned', ['confirmed', 'cancelled']],
    ['confirmed', ['completed', 'cancelled']],
    ['completed', ['reported']],
    ['reported', []],
    ['declined', []],
    ['cancelled', []],
  ];
  it.each(allowed)('from %s allows exactly %j', (from, to) => {
    expect([...nextDelegationStatuses(from)].sort()).toEqual([...to].sort());
    for (const target of DELEGATION_STATUSES) {
      const check = checkDelegationTransition({ from, to: target, endsOn: '2026-01-01', report: 'Written', today: '2026-06-01' });
      expect(check.ok, `${from} -> ${target}`).toBe(to.includes(target));
    }
  });

  it.each([
    ['same status', { from: 'planned', to: 'planned' }, 'delegations.refused.same'],
    ['final status', { from: 'reported', to: 'planned' }, 'delegations.refused.final'],
    ['skipping a step', { from: 'requested', to: 'completed' }, 'delegations.refused.notAllowed'],
    ['going back', { from: 'confirmed', to: 'planned' }, 'delegations.refused.notAllowed'],
    ['completing before the last day', { from: 'confirmed', to: 'completed', endsOn: '2026-06-02' }, 'delegations.refused.notOver'],
    ['reporting without a report', { from: 'completed', to: 'reported', report: '  ' }, 'delegations.refused.noReport'],
  ] as const)('refuses %s', (_label, change, reason) => {
    const check = checkDelegationTransition({ endsOn: '2026-05-30', report: 'Written', today: '2026-06-01', ...change });
    expect(check).toEqual({ ok: false, reason });
  });

  it('completes a visit on its last day', () => {
    expect(
      checkDelegationTransition({ from: 'confirmed', to: 'completed', endsOn: '2026-06-01', report: '', today: '2026-06-01' }),
    ).toEqual({ ok: true });
  });

  it.each([
    [{ status: 'completed', report: '' }, true],
    [{ status: 'completed', report: ' \n ' }, true],
    [{ status: 'completed', report: 'We learnt a lot.' }, false],
    [{ status: 'confirmed', report: '' }, false],
    [{ status: 'reported', report: 'Done' }, false],
  ] as const)('report missing for %j is %s', (d, missing) => {
    expect(reportMissing(d)).toBe(missing);
  });
});

describe('dates of a visit and its programme', () => {
  it.each([
    ['2026-12-07', '2026-12-09', {}],
    ['2026-12-07', '2026-12-07', {}],
    ['2026-12-09', '2026-12-07', { endsOn: 'delegations.invalid.endBeforeStart' }],
  ])('visit %s to %s', (startsOn, endsOn, errors) => {
    expect(checkVisitDates(startsOn, endsOn)).toEqual(errors);
  });

  const visit = { startsOn: '2026-12-07', endsOn: '2026-12-09' };
  it.each([
    [{ onDate: '2026-12-07', startTime: '09:00', endTime: '10:00' }, {}],
    [{ onDate: '2026-12-09', startTime: null, endTime: null }, {}],
    [{ onDate: '2026-12-06', startTime: null, endTime: null }, { onDate: 'delegations.invalid.outsideVisit' }],
    [{ onDate: '2026-12-10', startTime: null, endTime: null }, { onDate: 'delegations.invalid.outsideVisit' }],
    [{ onDate: '2026-12-08', startTime: '14:00', endTime: '13:00' }, { endTime: 'delegations.invalid.endTimeBeforeStart' }],
  ])('programme item %j', (item, errors) => {
    expect(checkProgrammeItem(item, visit)).toEqual(errors);
  });

  it.each([
    [-3, false],
    [0, false],
    [1, true],
    [45, true],
    [2.5, false],
  ])('a group of %s people is %s', (n, ok) => {
    expect(Object.keys(checkParticipantCount(n)).length === 0).toBe(ok);
  });
});

describe('overlap detection', () => {
  const other = (o: Partial<OverlapCandidate>): OverlapCandidate => ({
    id: 2,
    title: 'Other',
    startsOn: '2026-12-08',
    endsOn: '2026-12-10',
    status: 'planned',
    hostDepartment: 'Climate and Environment',
    hostUserIds: [],
    ...o,
  });
  const visit = { id: 1, startsOn: '2026-12-07', endsOn: '2026-12-08', hostDepartment: 'climate and environment ', hostUserIds: [7] };

  it.each([
    ['same department on a shared day (case and spaces ignored)', other({}), [true, []]],
    ['same host person, other department', other({ hostDepartment: 'Schools', hostUserIds: [7, 8] }), [false, [7]]],
    ['both', other({ hostUserIds: [7] }), [true, [7]]],
  ] as const)('finds %s', (_label, o, [sameDepartment, hosts]) => {
    const found = findOverlaps(visit, [o]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ id: 2, sameDepartment, sharedHosts: hosts });
  });

  it.each([
    ['the day after the visit', other({ startsOn: '2026-12-09' })],
    ['another department and other hosts', other({ hostDepartment: 'Schools', hostUserIds: [8] })],
    ['a cancelled visit', other({ status: 'cancelled' })],
    ['a declined visit', other({ status: 'declined' })],
    ['the visit itself', other({ id: 1 })],
  ])('ignores %s', (_label, o) => {
    expect(findOverlaps(visit, [o])).toEqual([]);
  });

  it('does not match two visits on an empty department', () => {
    expect(findOverlaps({ ...visit, hostDepartment: '', hostUserIds: [] }, [other({ hostDepartment: '' })])).toEqual([]);
  });

  it.each([
    [{ startsOn: '2026-01-01', endsOn: '2026-01-05' }, { startsOn: '2026-01-05', endsOn: '2026-01-06' }, true],
    [{ startsOn: '2026-01-01', endsOn: '2026-01-05' }, { startsOn: '2026-01-06', endsOn: '2026-01-06' }, false],
    [{ startsOn: '2026-01-03', endsOn: '2026-01-03' }, { startsOn: '2026-01-01', endsOn: '2026-01-05' }, true],
  ])('ranges %j and %j overlap: %s', (a, b, expected) => {
    expect(rangesOverlap(a, b)).toBe(expected);
  });

  it.each([
    ['2026-02-14', '2026-01-01', '2026-03-31'],
    ['2026-06-30', '2026-04-01', '2026-06-30'],
    ['2026-08-01', '2026-07-01', '2026-09-30'],
    ['2026-12-31', '2026-10-01', '2026-12-31'],
  ])('the quarter of %s runs %s to %s', (day, startsOn, endsOn) => {
    expect(quarterOf(day)).toEqual({ startsOn, endsOn });
  });
});

describe('participants', () => {
  it('counts each side', () => {
    expect(countBySide([{ side: 'ours' }, { side: 'theirs' }, { side: 'theirs' }])).toEqual({ ours: 1, theirs: 2 });
    expect(countBySide([])).toEqual({ ours: 0, theirs: 0 });
  });

  const people = (n: number, country: string, invitedInternational: boolean) =>
    Array.from({ length: n }, () => ({ side: 'theirs' as const, country, invitedInternational }));

  it('counts CERV participants by country, direct against invited international', () => {
    const counts = cervCounts([...people(30, 'DK', false), ...people(20, 'LT', false), ...people(25, 'UA', true)]);
    expect(counts.byCountry).toEqual([
      { country: 'DK', direct: 30, invited: 0 },
      { country: 'LT', direct: 20, invited: 0 },
      { country: 'UA', direct: 0, invited: 25 },
    ]);
    expect(counts).toMatchObject({ direct: 50, invited: 25, eligible: true });
  });

  it.each([
    [49, 25, false],
    [50, 24, false],
    [50, 25, true],
    [80, 40, true],
  ])('%s direct and %s invited: eligible %s', (direct, invited, eligible) => {
    expect(cervCounts([...people(direct, 'DK', false), ...people(invited, 'MD', true)]).eligible).toBe(eligible);
  });
});

describe('reply language', () => {
  it.each([
    ['DK', 'da'],
    ['dk', 'da'],
    ['NO', 'nb'],
    ['SE', 'sv'],
    ['FI', 'en'],
    ['EE', 'en'],
    ['', 'en'],
  ])('a requester from %s gets %s', (country, locale) => {
    expect(replyLocaleForCountry(country)).toBe(locale);
  });
});
