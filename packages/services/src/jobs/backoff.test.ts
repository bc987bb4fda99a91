import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff.ts';

describe('retryDelayMs', () => {
  it.each([
    [1, 2000],
    [2, 4000],
    [3, 8000],
    [9, 512_000],
    [10, 600_000], // capped
    [100, 600_000],
    [0, 2000], // nonsense input falls back to the base
    [-3, 2000],
  ])('attempt %i → %i ms', (attempt, ms) => {
    expect(retryDelayMs(attempt)).toBe(ms);
  });
});
