/**
 * What was probably meant by a mistyped word: the candidate at the fewest edits (insertions, deletions,
 * substitutions, or two neighbours swapped), if it is close enough to be a typo; else nothing.
 */
export function closest(typed: string, candidates: readonly string[]): string | undefined {
  // One edit for a short word, two from six characters on: more would suggest unrelated words.
  let bestDistance = (typed.length < 6 ? 1 : 2) + 1;
  let best: string | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(typed, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

/** The optimal-string-alignment distance: Levenshtein's, where swapping two neighbours is one edit. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i += 1)
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        distance = Math.min(distance, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = distance;
    }
  return rows[a.length]![b.length]!;
}
