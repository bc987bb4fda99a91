/** Retry delay after the n-th failed attempt (1-based): 2 s, 4 s, 8 s … capped at 10 minutes. */
export function retryDelayMs(attempt: number, baseMs = 2000, capMs = 600_000): number {
  if (!Number.isInteger(attempt) || attempt < 1) return baseMs;
  return Math.min(capMs, baseMs * 2 ** Math.min(attempt - 1, 30));
}
