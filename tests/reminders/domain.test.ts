import { describe, expect, it } from 'vitest';
import {
  digestWeek,
  escalationOccasion,
  followUpOccasion,
  MAX_ATTEMPTS,
  membershipFeeOccasion,
  nextAnniversary,
  nextRetryAt,
  parseReminderDays,
  reminderKey,
  renewalOccasion,
  reviewOccasion,
} from '../../src/reminders/domain.js';
import { channelsFor, parsePrefs } from '../../src/notifications/prefs.js';

describe('review occasions (due 2026-10-25, reminders 30 and 7 days before)', () => {
  const cases: [string, string | null, string | null][] = [
    ['2026-09-24', null, null],
    ['2026-09-25', '2026-10-25:before30', 'upcoming'],
    ['2026-10-17', '2026-10-25:before30', 'upcoming'],
    ['2026-10-18', '2026-10-25:before7', 'upcoming'],
    ['2026-10-25', '2026-10-25:due', 'today'],
    ['2026-10-28', '2026-10-25:due', 'overdue'],
    ['2026-11-01', '2026-10-25:overdue1', 'overdue'],
    ['2026-11-07', '2026-10-25:overdue1', 'overdue'],
    ['2026-11-08', '2026-10-25:overdue2', 'overdue'],
    ['2027-10-25', '2026-10-25:overdue52', 'overdue'],
  ];
  it.each(cases)('on %s the latest occasion is %s', (today, code, phase) => {
    const o = reviewOccasion('2026-10-25', today, [30, 7]);
    expect(o?.code ?? null).toBe(code);
    expect(o?.phase ?? null).toBe(phase);
  });

  it('copies the admins from 30 days overdue, under one key', () => {
    expect(escalationOccasion('2026-10-25', '2026-11-23')).toBeNull();
    expect(escalationOccasion('2026-10-25', '2026-11-24')?.code).toBe('2026-10-25:escalated');
    expect(escalationOccasion('2026-10-25', '2027-03-01')?.code).toBe('2026-10-25:escalated');
  });
});

describe('other occasions', () => {
  it.each([
    ['2026-11-23', null],
    ['2026-11-24', '2026-11-24:due'],
    ['2026-11-30', '2026-11-24:due'],
    ['2026-12-01', '2026-11-24:overdue1'],
  ])('follow-up due 2026-11-24, on %s: %s', (today, code) => {
    expect(followUpOccasion('2026-11-24', today)?.code ?? null).toBe(code);
  });

  it.each([
    ['2026-11-15', null],
    ['2026-11-16', '2027-01-15:before60'],
    ['2027-01-01', '2027-01-15:before14'],
    ['2027-01-15', '2027-01-15:due'],
    ['2027-02-14', '2027-01-15:due'],
    ['2027-02-15', null],
  ])('renewal on 2027-01-15, on %s: %s', (today, code) => {
    expect(renewalOccasion('2027-01-15', today)?.code ?? null).toBe(code);
  });

  it.each([
    ['2019-12-10', '2026-11-24', '2026-12-10'],
    ['2019-12-10', '2026-12-10', '2026-12-10'],
    ['2019-12-10', '2026-12-11', '2027-12-10'],
    ['2024-02-29', '2026-11-24', '2027-02-28'],
    ['2026-06-01', '2026-11-24', '2027-06-01'],
  ])('a membership started %s has on %s its next anniversary %s', (start, today, anniversary) => {
    expect(nextAnniversary(start, today)).toBe(anniversary);
  });

  it('announces a membership fee once, 30 days before the anniversary', () => {
    expect(membershipFeeOccasion('2019-12-10', '2026-11-09')).toBeNull();
    expect(membershipFeeOccasion('2019-12-10', '2026-11-10')?.code).toBe('2026-12-10:fee');
    expect(membershipFeeOccasion('2019-12-10', '2026-12-10')?.code).toBe('2026-12-10:fee');
    expect(membershipFeeOccasion('2019-12-10', '2026-12-11')).toBeNull();
  });

  it('names the ISO week for the digest, across a year end', () => {
    expect(digestWeek('2026-11-23')).toBe('2026-W48');
    expect(digestWeek('2027-01-01')).toBe('2026-W53');
  });

  it('builds one key per kind, entity, recipient, occasion and channel', () => {
    expect(reminderKey('review', 12, 3, '2026-10-25:before7', 'email')).toBe('review:12:u3:2026-10-25:before7:email');
  });
});

describe('settings and retries', () => {
  it.each([
    ['30,7', [30, 7]],
    ['7, 30, 7', [30, 7]],
    ['14', [14]],
    ['', [30, 7]],
    ['abc,-1,0', [30, 7]],
    ['60;1', [60, 1]],
  ])('reads review_reminder_days %j as %j', (setting, days) => {
    expect(parseReminderDays(setting)).toEqual(days);
  });

  it('backs off 5 min, 30 min, 2 h, 12 h and stops after the fifth attempt', () => {
    const now = new Date('2026-11-24T10:00:00Z');
    expect([1, 2, 3, 4].map((a) => nextRetryAt(a, now)!.toISOString())).toEqual([
      '2026-11-24T10:05:00.000Z',
      '2026-11-24T10:30:00.000Z',
      '2026-11-24T12:00:00.000Z',
      '2026-11-24T22:00:00.000Z',
    ]);
    expect(MAX_ATTEMPTS).toBe(5);
    expect(nextRetryAt(5, now)).toBeNull();
  });

  it('fills in defaults for missing or broken preferences and gives a user without email in-app only', () => {
    expect(parsePrefs('{"review":"email","follow_up":"sms"}')).toEqual({
      review: 'email',
      follow_up: 'both',
      renewal: 'both',
      membership_fee: 'both',
      delegation: 'both',
    });
    expect(parsePrefs('not json')).toEqual({
      review: 'both',
      follow_up: 'both',
      renewal: 'both',
      membership_fee: 'both',
      delegation: 'both',
    });
    expect(channelsFor('both', true)).toEqual(['email', 'in_app']);
    expect(channelsFor('email', false)).toEqual(['in_app']);
    expect(channelsFor('none', false)).toEqual([]);
  });
});
