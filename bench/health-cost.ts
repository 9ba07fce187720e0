/**
 * What training health costs a run (src-main/engine/health-monitor.ts): the real photos' baseline, made once per run
 * start, and the per-epoch measurement of the 64 preview faces (diversity, each face's nearest training photo), on
 * random images of the sizes a hobbyist trains on. `npx tsx bench/health-cost.ts`
 */
import { randomDataset } from '../src-main/engine/dataset'
import { healthBaseline } from '../src-main/engine/health'
import { HealthMonitor } from '../src-main/engine/health-monitor'

async function main(): Promise<void> {
  for (const [count, size] of [
    [435, 64],
    [2000, 32],
    [10_000, 32],
  ] as const) {
    const training = randomDataset(count, size, 3, 1)
    const faces = randomDataset(64, size, 3, 2)
    let start = performance.now()
    await healthBaseline(training)
    const baseline = performance.now() - start
    const monitor = new HealthMonitor(training, true)
    await monitor.endEpoch({ epoch: 1, faces })
    start = performance.now()
    await monitor.endEpoch({ epoch: 2, faces })
    const epoch = performance.now() - start
    console.log(
      `${count} photos at ${size} px: baseline ${(baseline / 1000).toFixed(2)} s once, then ${(epoch / 1000).toFixed(2)} s per epoch`,
    )
  }
}

void main()
