import { createHash } from 'node:crypto';

/**
 * A preview of a secret that never shows it whole: `sk-p…4f2a` (4 + 4 characters) for long values,
 * fewer for short ones, `…` alone for values of 5 characters or fewer.
 */
export function maskSecret(secret: string): string {
  // A PEM block: its armour line says what it is and holds nothing secret.
  const pem = /^-----BEGIN [A-Z0-9 ]+-----/.exec(secret);
  if (pem !== null) return `${pem[0]}…`;
  const chars = Array.from(secret);
  const n = chars.length;
  if (n >= 20) return `${chars.slice(0, 4).join('')}…${chars.slice(-4).join('')}`;
  if (n >= 12) return `${chars.slice(0, 3).join('')}…${chars.slice(-2).join('')}`;
  if (n >= 6) return `${chars.slice(0, 1).join('')}…`;
  return '…';
}

/**
 * A stable id of a secret's value, for allow-lists: the first 16 hex digits of SHA-256 over a
 * prefix and the value (64 bits: enough to tell values apart, too few to look a long key up).
 */
export function fingerprintOf(secret: string): string {
  return createHash('sha256').update(`cassette-secret:${secret}`).digest('hex').slice(0, 16);
}
