import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { sampleFacesDir } from '../services/resources'
import { assessHealth, healthBaseline, meanPairwiseDistance, nearestDistances } from './health'
import type { EpochSignal, HealthBaseline, StepSignal } from './health'
import type { ImageSet } from './swd'

const SIZE = 16

async function sampleFaces(): Promise<ImageSet> {
  const files = readdirSync(sampleFacesDir())
    .filter((f) => f.endsWith('.jpg'))
    .sort()
  const pixels = new Uint8Array(files.length * SIZE * SIZE * 3)
  for (let i = 0; i < files.length; i++)
    pixels.set(
      await sharp(join(sampleFacesDir(), files[i]!)).resize(SIZE, SIZE).removeAlpha().raw().toBuffer(),
      i * SIZE * SIZE * 3,
    )
  return { count: files.length, size: SIZE, channels: 3, pixels }
}

function slice(set: ImageSet, from: number, to: number): ImageSet {
  const per = SIZE * SIZE * 3
  return { ...set, count: to - from, pixels: set.pixels.slice(from * per, to * per) }
}

const healthySteps = (n: number): StepSignal[] =>
  Array.from({ length: n }, (_, i) => ({
    epoch: Math.floor(i / 7),
    dLoss: 1.1,
    gLoss: 1.4,
    dReal: 0.7 + 0.05 * Math.sin(i),
    dFake: 0.3,
  }))

describe('training health', () => {
  let training: ImageSet
  let unseen: ImageSet
  let baseline: HealthBaseline
  /** the signals a generator producing `faces` gives at epoch 3 */
  const epochOf = (faces: ImageSet): EpochSignal => ({
    epoch: 3,
    diversity: meanPairwiseDistance(faces),
    nearest: nearestDistances(faces, training),
  })

  beforeAll(async () => {
    const all = await sampleFaces()
    training = slice(all, 0, 40)
    unseen = slice(all, 40, all.count)
    baseline = await healthBaseline(training)
  })

  it('says nothing about a healthy run: varied faces, none a copy, balanced D', () => {
    expect(assessHealth({ steps: healthySteps(400), epochs: [epochOf(unseen)], baseline, bce: true })).toEqual([])
  })

  it('reports collapse for a generator forced to one output, with the evidence', () => {
    const one = slice(unseen, 0, 1)
    const same: ImageSet = {
      ...one,
      count: 20,
      pixels: new Uint8Array(20 * one.pixels.length).map((_, i) => one.pixels[i % one.pixels.length]!),
    }
    const items = assessHealth({
      steps: healthySteps(400),
      epochs: [epochOf(unseen), { ...epochOf(same), epoch: 2 }, epochOf(same)],
      baseline,
      bce: true,
    })
    expect(items.map((i) => i.kind)).toEqual(['collapse'])
    expect(items[0]!.since).toBe(2)
    expect(items[0]!.evidence).toMatch(/differ from each other by 0\.000/)
  })

  it('reports collapse when SWD rose three epochs in a row', () => {
    const epochs = [40, 30, 31, 33, 36].map((swd, epoch) => ({ epoch, swd }))
    const [item] = assessHealth({ steps: [], epochs, baseline, bce: true })
    expect(item).toMatchObject({ kind: 'collapse', since: 2 })
    expect(item!.evidence).toContain('from 30.0 to 36.0')
  })

  it('reports memorisation for a "generator" that returns training photos', () => {
    const copies: ImageSet = {
      ...slice(training, 5, 25),
      pixels: slice(training, 5, 25).pixels.map((v, i) => Math.min(255, v + (i % 3))),
    }
    const items = assessHealth({ steps: healthySteps(400), epochs: [epochOf(copies)], baseline, bce: true })
    expect(items.map((i) => i.kind)).toEqual(['memorisation'])
    expect(items[0]!.evidence).toMatch(/^20 of 20 preview faces are closer to a training photo/)
  })

  it('reports which side has won from the last 200 steps', () => {
    const dWon = healthySteps(400).map((s, i) =>
      i >= 150 ? { ...s, dReal: 0.99, dFake: 0.005, dLoss: 0.02, gLoss: 6 } : s,
    )
    expect(assessHealth({ steps: dWon, epochs: [], baseline, bce: true })).toMatchObject([
      { kind: 'discriminator-won', since: 28 },
    ])
    expect(assessHealth({ steps: dWon.slice(0, 250), epochs: [], baseline, bce: true })).toEqual([])
    const gWon = healthySteps(300).map((s) => ({ ...s, dFake: 0.98 }))
    expect(assessHealth({ steps: gWon, epochs: [], baseline, bce: true }).map((i) => i.kind)).toEqual(['generator-won'])
    // WGAN critic scores are not probabilities
    expect(assessHealth({ steps: dWon, epochs: [], baseline, bce: false })).toEqual([])
  })

  it('reports overfitting when the adaptive augmentation is pinned at its maximum', () => {
    expect(assessHealth({ steps: [], epochs: [{ epoch: 9, augmentP: 1 }], baseline, bce: true })).toMatchObject([
      { kind: 'overfitting', since: 9 },
    ])
    expect(assessHealth({ steps: [], epochs: [{ epoch: 9, augmentP: 0.4 }], baseline, bce: true })).toEqual([])
  })
})
