/** Characters a POSIX shell reads literally outside quotes. */
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** `value` as one word of a POSIX shell command line: as is when that is safe, else single-quoted. */
export function shellQuote(value: string): string {
  if (PLAIN.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
