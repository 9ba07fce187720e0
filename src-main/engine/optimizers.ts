/**
 * Adam and RMSprop with PyTorch's update rules, owning their state so checkpoints restore it
 * exactly. `apply` computes the new weights and slots, checks them for NaN/Inf, and only then
 * assigns them: a non-finite update is refused and the weights stay as they were.
 */
import * as tf from './tf'
import { variableOf } from './models'
import type { NamedVariable } from './models'

export interface AdamConfig {
  kind: 'adam'
  lr: number
  beta1: number
  beta2: number
  eps: number
}

export interface RmspropConfig {
  kind: 'rmsprop'
  lr: number
  /** smoothing constant (PyTorch `alpha`) */
  alpha: number
  eps: number
}

export type OptimizerConfig = AdamConfig | RmspropConfig

export interface OptimizerState {
  kind: OptimizerConfig['kind']
  step: number
  /** slot name ('m', 'v' for Adam; 'sq' for RMSprop) → per-parameter values, in param order */
  slots: Record<string, Float32Array[]>
}

export interface ApplyOptions {
  /** clamp every parameter into [-clip, clip] after the update (WGAN weight clipping) */
  clip?: number
}

export class Optimizer {
  readonly slotNames: string[]
  private slots: tf.Variable[][]
  step = 0

  constructor(
    readonly config: OptimizerConfig,
    readonly params: NamedVariable[],
  ) {
    this.slotNames = config.kind === 'adam' ? ['m', 'v'] : ['sq']
    this.slots = this.slotNames.map(() => params.map((p) => variableOf(tf.zerosLike(p.v), false)))
  }

  /**
   * Applies one update from `grads` (keyed by variable name as returned by tf.variableGrads).
   * Returns false (and changes nothing) if any new weight is NaN/Inf.
   */
  async apply(grads: Record<string, tf.Tensor>, opts: ApplyOptions = {}): Promise<boolean> {
    const u = this.compute(grads, opts)
    return this.commit(u, Number.isFinite((await u.check.data())[0]))
  }

  private commit(u: { values: tf.Tensor[]; slots: tf.Tensor[][]; check: tf.Tensor }, ok: boolean): boolean {
    const { values, slots, check } = u
    check.dispose()
    if (!ok) {
      tf.dispose(values)
      tf.dispose(slots)
      return false
    }
    this.params.forEach((p, i) => p.v.assign(values[i]!))
    this.slots.forEach((row, s) => row.forEach((v, i) => v.assign(slots[s]![i]!)))
    tf.dispose(values)
    tf.dispose(slots)
    this.step++
    return true
  }

  private compute(
    grads: Record<string, tf.Tensor>,
    opts: ApplyOptions,
  ): { values: tf.Tensor[]; slots: tf.Tensor[][]; check: tf.Tensor } {
    const t = this.step + 1
    const c = this.config
    const { values, slots, check } = tf.tidy(() => {
      const values: tf.Tensor[] = []
      const slots: tf.Tensor[][] = this.slotNames.map(() => [])
      const sums: tf.Tensor[] = []
      this.params.forEach((p, i) => {
        const g = grads[p.v.name]
        if (!g) throw new Error(`no gradient for ${p.name}`)
        let next: tf.Tensor
        if (c.kind === 'adam') {
          const m = tf.add(tf.mul(this.slots[0]![i]!, c.beta1), tf.mul(g, 1 - c.beta1))
          const v = tf.add(tf.mul(this.slots[1]![i]!, c.beta2), tf.mul(tf.square(g), 1 - c.beta2))
          const bc1 = 1 - c.beta1 ** t
          const bc2 = 1 - c.beta2 ** t
          // PyTorch: p -= lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps)
          const denom = tf.add(tf.div(tf.sqrt(v), Math.sqrt(bc2)), c.eps)
          next = tf.sub(p.v, tf.mul(tf.div(m, denom), c.lr / bc1))
          slots[0]!.push(m)
          slots[1]!.push(v)
        } else {
          const sq = tf.add(tf.mul(this.slots[0]![i]!, c.alpha), tf.mul(tf.square(g), 1 - c.alpha))
          next = tf.sub(p.v, tf.mul(tf.div(g, tf.add(tf.sqrt(sq), c.eps)), c.lr))
          slots[0]!.push(sq)
        }
        if (opts.clip !== undefined) next = tf.clipByValue(next, -opts.clip, opts.clip)
        values.push(next)
        sums.push(tf.sum(next))
      })
      return { values, slots, check: tf.addN(sums) }
    })
    return { values, slots, check }
  }

  async getState(): Promise<OptimizerState> {
    const slots: Record<string, Float32Array[]> = {}
    for (let s = 0; s < this.slotNames.length; s++) {
      slots[this.slotNames[s]!] = await Promise.all(
        this.slots[s]!.map(async (v) => ((await v.data()) as Float32Array).slice()),
      )
    }
    return { kind: this.config.kind, step: this.step, slots }
  }

  setState(state: OptimizerState): void {
    if (state.kind !== this.config.kind)
      throw new Error(`optimizer state is ${state.kind}, expected ${this.config.kind}`)
    this.slotNames.forEach((name, s) => {
      const arrs = state.slots[name]
      if (!arrs || arrs.length !== this.params.length)
        throw new Error(`optimizer state lacks slot '${name}' for every parameter`)
      this.slots[s]!.forEach((v, i) => {
        const a = arrs[i]!
        if (a.length !== v.size)
          throw new Error(
            `optimizer slot ${name} of ${this.params[i]!.name} has ${a.length} values, expected ${v.size}`,
          )
        tf.tidy(() => v.assign(tf.tensor(a, v.shape, 'float32')))
      })
    })
    this.step = state.step
  }

  dispose(): void {
    for (const row of this.slots) for (const v of row) v.dispose()
  }
}
