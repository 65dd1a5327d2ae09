/** Throws unless the two sides pair up one for one and hold no NaN (which has no order). */
export function assertPaired(x: readonly number[], y: readonly number[]): void {
  if (x.length !== y.length) {
    throw new RangeError(
      `paired values must have the same length, got ${x.length} and ${y.length}`,
    );
  }
  if (x.some(Number.isNaN) || y.some(Number.isNaN)) {
    throw new RangeError('paired values hold NaN; drop unscored items before correlating');
  }
}
