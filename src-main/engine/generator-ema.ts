/**
 * Exponential moving average of the generator's weights (Karras et al.; Yazıcı et al. 2019), kept
 * beside G and used for previews, the latent studio and exports: after every G update,
 * ema ← β·ema + (1 − β)·G with the warm-up β = min(0.999, (1 + step) / (10 + step)), so early
 * steps follow G closely and later ones average over ~1,000 steps.
 *
 * Batch-norm running statistics are averaged with the same β as the weights (not recomputed with
 * extra forward passes): the averaged mean/var track the averaged weights' activations closely
 * because both move slowly, it costs nothing per step, adds no randomness, and an averaged
 * network is restored exactly from a checkpoint.
 */
import * as tf from './tf'
import type { Network, NamedVariable } from './models'

export const EMA_MAX_BETA = 0.999
/** Prefix of the EMA's tensors in a checkpoint (`ema/g.fc.w`). */
export const EMA_PREFIX = 'ema/'

/** The decay for the update after `step` completed G updates (0-based). */
export function emaBeta(step: number): number {
  return Math.min(EMA_MAX_BETA, (1 + step) / (10 + step))
}

export class GeneratorEma {
  /** A generator network holding the averaged weights (same names and shapes as G's). */
  readonly net: Network
  private readonly source: Network

  /** Starts as a copy of `g`. */
  constructor(g: Network) {
    this.source = g
    const copy = (p: NamedVariable): NamedVariable => ({ name: p.name, v: tf.variable(p.v.clone() as tf.Tensor, false) })
    this.net = { kind: 'generator', config: g.config, params: g.params.map(copy), buffers: g.buffers.map(copy) }
  }

  /** Folds G's current weights in; `step` is the number of G updates before this one. */
  update(step: number): void {
    const beta = emaBeta(step)
    tf.tidy(() => {
      const pairs = [...pairsOf(this.net.params, this.source.params), ...pairsOf(this.net.buffers, this.source.buffers)]
      for (const [avg, cur] of pairs) avg.assign(tf.add(tf.mul(avg, beta), tf.mul(cur, 1 - beta)))
    })
  }

  /** The averaged variables under their checkpoint names (`ema/<G's name>`). */
  variables(): NamedVariable[] {
    return [...this.net.params, ...this.net.buffers].map((p) => ({ name: EMA_PREFIX + p.name, v: p.v }))
  }

  dispose(): void {
    for (const p of [...this.net.params, ...this.net.buffers]) p.v.dispose()
  }
}

function pairsOf(avg: NamedVariable[], cur: NamedVariable[]): [tf.Variable, tf.Variable][] {
  return avg.map((a, i) => [a.v, cur[i]!.v])
}
