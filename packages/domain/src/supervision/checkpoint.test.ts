import { describe, expect, it } from 'vitest';
import { checkpointState, isLate } from './checkpoint.ts';

const warnAt = new Date('2026-12-08T07:00:00Z');
const dueAt = new Date('2026-12-09T16:00:00Z');
const ms = (d: Date, delta: number) => new Date(d.getTime() + delta);

describe('checkpointState (domain §6.2, M1)', () => {
  it.each([
    ['long before the warning window', ms(warnAt, -86_400_000), 'green'],
    ['1 ms before the warning window', ms(warnAt, -1), 'green'],
    ['at the start of the warning window', warnAt, 'yellow'],
    ['1 ms before the due instant', ms(dueAt, -1), 'yellow'],
    ['at the due instant', dueAt, 'red'],
    ['long after the due instant', ms(dueAt, 30 * 86_400_000), 'red'],
  ] as const)('not done, %s → %s', (_label, now, state) => {
    expect(checkpointState({ warnAt, dueAt, doneAt: null }, now)).toBe(state);
  });

  it.each([
    ['done before the warning window, read later', ms(warnAt, -5), ms(dueAt, 10)],
    ['done while red, read at once', ms(dueAt, 5), ms(dueAt, 5)],
  ] as const)('%s → done', (_label, doneAt, now) => {
    expect(checkpointState({ warnAt, dueAt, doneAt }, now)).toBe('done');
  });

  it('without a warning window (warnAt = dueAt) it goes green → red', () => {
    expect(checkpointState({ warnAt: dueAt, dueAt, doneAt: null }, ms(dueAt, -1))).toBe('green');
    expect(checkpointState({ warnAt: dueAt, dueAt, doneAt: null }, dueAt)).toBe('red');
  });

  it.each([
    [ms(dueAt, -1), false],
    [dueAt, false],
    [ms(dueAt, 1), true],
  ] as const)('done at %s: late = %s', (doneAt, late) => {
    expect(isLate({ warnAt, dueAt, doneAt })).toBe(late);
  });
});
