/**
 * Scrubs CPR numbers from text bound for logs and audit records. A CPR number is
 * six digits of a date, an optional dash or space, then four digits; anything that
 * looks like one is replaced, since a false positive costs nothing and a miss is a breach.
 */
const CPR_LIKE = /(?<!\d)(\d{6})[-\s]?(\d{4})(?!\d)/g;

export function redactCpr(text: string): string {
  return text.replace(CPR_LIKE, '[cpr]');
}

export function containsCprLike(text: string): boolean {
  CPR_LIKE.lastIndex = 0;
  const found = CPR_LIKE.test(text);
  CPR_LIKE.lastIndex = 0;
  return found;
}

/** Deeply scrubs every string in a value (for structured log records). */
export function redactDeep<T>(value: T, depth = 0): T {
  if (depth > 8) return value;
  if (typeof value === 'string') return redactCpr(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1)) as T;
  if (value && typeof value === 'object' && !(value instanceof Error) && !Buffer.isBuffer(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, depth + 1);
    return out as T;
  }
  return value;
}
