import type { RunDetail } from '../../../../src-shared/contract/runs'

type NoiseOf = Pick<RunDetail, 'id' | 'seed' | 'config'>

/**
 * Runs whose fixed noise is the same: the preview latent vectors are drawn from the seed, `zDim` numbers each,
 * so runs share them when both the seed and the latent size match. Groups of two or more, in the given order.
 */
export function sharedNoiseGroups<T extends NoiseOf>(runs: readonly T[]): T[][] {
  const groups = new Map<string, T[]>()
  for (const run of runs) {
    const key = `${run.seed}/${String(run.config.zDim)}`
    groups.set(key, [...(groups.get(key) ?? []), run])
  }
  return [...groups.values()].filter((group) => group.length > 1)
}
