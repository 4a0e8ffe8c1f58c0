/** Guesses at what a mistyped choice or key meant, for "did you mean" hints. */

/** `Project_only`, `project-only`, `--project-only` and `input_project_only` are the same word to a user. */
const normalized = (word: string): string => word.toLowerCase().replace(/^-+/, '').replace(/^input_/, '').replace(/[-_\s]/g, '');

/** Edits (insert, delete, replace, or swap two neighbours: `colud` for `cloud`) that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => rows[i]?.[j] as number;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let distance = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) distance = Math.min(distance, at(i - 2, j - 2) + 1);
      (rows[i] as number[])[j] = distance;
    }
  }
  return at(a.length, b.length);
}

/** The candidate a mistyped word most likely meant (same word but for case and separators, or a typo or two away), if any. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const key = normalized(word);
  const same = candidates.find((c) => normalized(c) === key);
  if (same !== undefined) return same;
  let best: string | undefined;
  let bestDistance = Math.min(2, Math.floor(key.length / 3));
  for (const candidate of candidates) {
    const other = normalized(candidate);
    // The distance is at least the difference in length: a long word is no typo of a short one.
    if (Math.abs(other.length - key.length) > bestDistance) continue;
    const distance = editDistance(key, other);
    if (distance <= bestDistance && (best === undefined || distance < bestDistance)) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

/** ` (did you mean "x"?)` when `word` looks like a mistyped candidate, else nothing. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const guess = closest(word, candidates);
  return guess === undefined ? '' : ` (did you mean ${JSON.stringify(guess)}?)`;
}
