/**
 * Exponential moving average of the generator's weights (Karras et al.; Yazıcı et al. 2019), kept
 * beside G and used for previews, the latent studio and exports: after every G update,
 * ema ← β·ema + (1 − β)·G with the warm-up β = min(0.999, (1 + step) / (10 + step)), so early
 * steps follow G closely and later ones average over ~1,000 steps.
 *
 * Batch-norm statistics are recomputed for the averaged weights, not averaged: an average of G's
 * running statistics describes the activations of G's past weights, not those of the averaged
 * weights, so eval mode would normalise the EMA's activations with the wrong mean and spread
 * while G still moves fast (the unit test shows the difference). They are the batch statistics of
 * one training-mode pass of the averaged G over a fixed set of latents (`statsLatents`, drawn by
 * the caller from its own seeded stream), computed lazily when the EMA is next used or saved: no
 * cost per step, no randomness from the training stream, and the saved statistics are a function
 * of the saved weights, so a restored EMA is the same as an uninterrupted one.
 */
import * as tf from './tf'
import { generatorForward } from './models'
import type { Network, NamedVariable } from './models'

export const EMA_MAX_BETA = 0.999
/** Latent vectors the EMA's batch-norm statistics are taken over. */
export const EMA_STATS_LATENTS = 256
/** Prefix of the EMA's tensors in a checkpoint (`ema/g.fc.w`). */
export const EMA_PREFIX = 'ema/'

/** The decay for the update after `step` completed G updates (0-based). */
export function emaBeta(step: number): number {
  return Math.min(EMA_MAX_BETA, (1 + step) / (10 + step))
}

export class GeneratorEma {
  private readonly averaged: Network
  private readonly source: Network
  private readonly statsLatents: Float32Array
  private statsStale = false

  /** Starts as a copy of `g`; `statsLatents` (a multiple of G's zDim) are what its batch-norm statistics are taken over. */
  constructor(g: Network, statsLatents: Float32Array) {
    if (statsLatents.length === 0 || statsLatents.length % g.config.zDim !== 0)
      throw new Error(
        `the EMA's statistics latents (${statsLatents.length} values) are not whole vectors of ${g.config.zDim}`,
      )
    this.source = g
    this.statsLatents = statsLatents
    const copy = (p: NamedVariable): NamedVariable => ({
      name: p.name,
      v: tf.variable(p.v.clone() as tf.Tensor, false),
    })
    this.averaged = { kind: 'generator', config: g.config, params: g.params.map(copy), buffers: g.buffers.map(copy) }
  }

  /** A generator network holding the averaged weights (same names and shapes as G's) and their statistics. */
  get net(): Network {
    if (this.statsStale) this.recomputeStatistics()
    return this.averaged
  }

  /** Folds G's current weights in; `step` is the number of G updates before this one. */
  update(step: number): void {
    const beta = emaBeta(step)
    tf.tidy(() => {
      for (const [avg, cur] of pairsOf(this.averaged.params, this.source.params))
        avg.assign(tf.add(tf.mul(avg, beta), tf.mul(cur, 1 - beta)))
    })
    this.statsStale = this.averaged.buffers.length > 0
  }

  /** The averaged variables under their checkpoint names (`ema/<G's name>`), statistics up to date. */
  variables(): NamedVariable[] {
    const net = this.net
    return [...net.params, ...net.buffers].map((p) => ({ name: EMA_PREFIX + p.name, v: p.v }))
  }

  private recomputeStatistics(): void {
    const zDim = this.averaged.config.zDim
    tf.tidy(() => {
      const z = tf.tensor2d(this.statsLatents, [this.statsLatents.length / zDim, zDim])
      generatorForward(this.averaged, z, { training: true, updateRunningStats: true, statsMomentum: 1 })
    })
    this.statsStale = false
  }

  dispose(): void {
    for (const p of [...this.averaged.params, ...this.averaged.buffers]) p.v.dispose()
  }
}

function pairsOf(avg: NamedVariable[], cur: NamedVariable[]): [tf.Variable, tf.Variable][] {
  return avg.map((a, i) => [a.v, cur[i]!.v])
}
