/** Exponential moving average with start-up bias correction (as TensorBoard smooths curves); weight 0 returns the input. */
export function emaSmooth(values: readonly number[], weight: number): number[] {
  if (weight <= 0) return values as number[]
  const smoothed = new Array<number>(values.length)
  let last = 0
  let count = 0
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index]!
    if (!Number.isFinite(value)) {
      smoothed[index] = value
      continue
    }
    last = last * weight + (1 - weight) * value
    count += 1
    smoothed[index] = last / (1 - weight ** count)
  }
  return smoothed
}
