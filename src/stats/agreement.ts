/**
 * Krippendorff's alpha for interval data: 1 - observed disagreement / expected disagreement.
 * `ratings[u][c]` is coder c's value for unit u, or null where c did not rate u. Units with
 * fewer than two ratings carry no information and are left out. Returns null when fewer than
 * two units are pairable or every value is the same (no disagreement is possible).
 */
export function krippendorffAlphaInterval(
  ratings: ReadonlyArray<ReadonlyArray<number | null>>,
): number | null {
  const units = ratings
    .map((unit) => unit.filter((value): value is number => value !== null))
    .filter((values) => values.length >= 2);
  const n = units.reduce((total, values) => total + values.length, 0);
  if (units.length < 2 || n < 2) return null;

  let observed = 0;
  for (const values of units) {
    let sum = 0;
    for (const a of values) for (const b of values) sum += (a - b) ** 2;
    observed += sum / (values.length - 1);
  }
  observed /= n;

  const all = units.flat();
  let expected = 0;
  for (const a of all) for (const b of all) expected += (a - b) ** 2;
  expected /= n * (n - 1);
  if (expected === 0) return null;
  return 1 - observed / expected;
}
