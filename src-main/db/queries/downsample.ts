/**
 * Picks at most `maxPoints` indices from a series of `length` points for plotting: the range is cut
 * into buckets and each bucket keeps its first point and the indices of its minimum and maximum in
 * every tracked series, so a one-step spike always survives.
 */
export function downsampleIndices(length: number, maxPoints: number, series: readonly ArrayLike<number>[]): number[] {
  if (length <= maxPoints) return Array.from({ length }, (_, index) => index)
  const perBucket = 1 + 2 * series.length
  const buckets = Math.max(1, Math.floor(maxPoints / perBucket))
  const picked = new Set<number>()
  for (let bucket = 0; bucket < buckets; bucket++) {
    const start = Math.floor((bucket * length) / buckets)
    const end = Math.floor(((bucket + 1) * length) / buckets)
    picked.add(start)
    for (const values of series) {
      let min = start
      let max = start
      for (let index = start + 1; index < end; index++) {
        if (values[index]! < values[min]!) min = index
        if (values[index]! > values[max]!) max = index
      }
      picked.add(min)
      picked.add(max)
    }
  }
  picked.add(length - 1)
  return [...picked].sort((a, b) => a - b)
}
