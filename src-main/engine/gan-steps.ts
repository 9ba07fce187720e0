/**
 * One training step of each loss, in the PyTorch peer's plain shape: a fake batch, then D's update on real and fake
 * (separate forward passes, so batch-norm statistics stay separate), then G's update against the updated D with G's
 * own forward pass. Every read is asynchronous and outside a gradient scope, and no optimiser runs inside another
 * gradient scope, so the step works the same on every backend (WebGPU cannot read synchronously in Node).
 *
 * - BCE on logits, one-sided label smoothing (real target `realLabel`), Adam.
 * - WGAN: a critic without sigmoid, `nCritic` critic updates per G update, each on a fresh real batch, critic weights
 *   clipped to ±clip after every update, RMSprop.
 * - D sees every batch, real and fake, in both losses through `augment` (DiffAugment at this step's strength, or
 *   the batch itself), and reports the mean sign of its scores on real images (ADA's overfitting signal).
 * - A loss or an update that is NaN/Inf is refused: what it would have changed stays as it was and the outcome
 *   carries `nonFinite`, so the caller stops without saving broken weights.
 */
import * as tf from './tf'
import { discriminatorForward, generatorForward } from './models'
import type { Network } from './models'
import type { Optimizer } from './optimizers'
import type { TrainConfig } from './presets'

export interface NonFinite {
  where: 'dLoss' | 'gLoss' | 'discriminator weights' | 'generator weights'
  message: string
}

export interface GanStepOutcome {
  dLoss: number
  gLoss: number
  /** BCE: mean D(x) as a probability; WGAN: mean critic score on real images */
  dReal: number
  /** BCE: mean D(G(z)) as a probability (D step); WGAN: mean critic score on fakes */
  dFake: number
  /** mean sign of D's scores on the (augmented) real images: E[sign(D(real))] */
  realSign: number
  nonFinite?: NonFinite
}

/** What a step works on: the two networks and their optimisers, and the step's real batches and noise. */
export interface GanStepParts {
  config: TrainConfig
  g: Network
  d: Network
  optG: Optimizer
  optD: Optimizer
  /** real batch `k` of this step (a new tensor the step disposes) */
  realBatch(k: number): tf.Tensor4D
  /** `n` latent vectors (a new tensor the step disposes) */
  noise(n: number): tf.Tensor2D
  /** a batch as D is to see it (called inside the gradient scope: differentiable) */
  augment(x: tf.Tensor4D): tf.Tensor4D
}

/** BCE with logits against a constant target, mean-reduced (PyTorch BCEWithLogitsLoss). */
export function bceWithLogits(logits: tf.Tensor, target: number): tf.Scalar {
  // max(x,0) − x·t + log(1 + exp(−|x|))
  return tf.mean(tf.add(tf.sub(tf.relu(logits), tf.mul(logits, target)), tf.log1p(tf.exp(tf.neg(tf.abs(logits))))))
}

const varsOf = (net: Network) => net.params.map((p) => p.v)

export async function bceStep(parts: GanStepParts): Promise<GanStepOutcome> {
  const { config: c, g, d, optG, optD } = parts
  const real = parts.realBatch(0)
  const z = parts.noise(c.batchSize)
  try {
    // The peer's fake = netG(noise): G's batch-norm running statistics are updated here, once per step.
    const fake = tf.tidy(() => generatorForward(g, z, { training: true, updateRunningStats: true }))
    const dStep = await update(optD, varsOf(d), () => {
      const onReal = discriminatorForward(d, parts.augment(real))
      const onFake = discriminatorForward(d, parts.augment(fake))
      return [
        tf.add(bceWithLogits(onReal, c.realLabel), bceWithLogits(onFake, 0)),
        tf.mean(tf.sigmoid(onReal)),
        tf.mean(tf.sigmoid(onFake)),
        tf.mean(tf.sign(onReal)),
      ]
    })
    fake.dispose()
    const [dLoss, dReal, dFake, realSign] = dStep.values as [number, number, number, number]
    if (dStep.refused)
      return { dLoss, gLoss: NaN, dReal, dFake, realSign, nonFinite: refusal('d', dStep.refused, dLoss) }
    // G's own forward on the same noise: in training mode it makes the same fake batch, now on G's tape.
    const gStep = await update(optG, varsOf(g), () => [
      bceWithLogits(discriminatorForward(d, parts.augment(generatorForward(g, z, { training: true }))), 1),
    ])
    const [gLoss] = gStep.values as [number]
    return {
      dLoss,
      gLoss,
      dReal,
      dFake,
      realSign,
      ...(gStep.refused && { nonFinite: refusal('g', gStep.refused, gLoss) }),
    }
  } finally {
    real.dispose()
    z.dispose()
  }
}

export async function wganStep(parts: GanStepParts): Promise<GanStepOutcome> {
  const { config: c, g, d, optG, optD } = parts
  let dLoss = NaN
  let dReal = NaN
  let dFake = NaN
  let realSign = NaN
  for (let k = 0; k < c.nCritic; k++) {
    const real = parts.realBatch(k)
    const z = parts.noise(c.batchSize)
    try {
      const fake = tf.tidy(() => generatorForward(g, z, { training: true, updateRunningStats: true }))
      const critic = await update(
        optD,
        varsOf(d),
        () => {
          const scores = discriminatorForward(d, parts.augment(real))
          const onReal = tf.mean(scores)
          const onFake = tf.mean(discriminatorForward(d, parts.augment(fake)))
          return [tf.sub(onFake, onReal), onReal, onFake, tf.mean(tf.sign(scores))]
        },
        { clip: c.clip },
      )
      fake.dispose()
      ;[dLoss, dReal, dFake, realSign] = critic.values as [number, number, number, number]
      if (critic.refused)
        return { dLoss, gLoss: NaN, dReal, dFake, realSign, nonFinite: refusal('d', critic.refused, dLoss) }
    } finally {
      real.dispose()
      z.dispose()
    }
  }
  const z = parts.noise(c.batchSize)
  try {
    const gStep = await update(optG, varsOf(g), () => [
      tf.neg(
        tf.mean(
          discriminatorForward(d, parts.augment(generatorForward(g, z, { training: true, updateRunningStats: true }))),
        ),
      ),
    ])
    const [gLoss] = gStep.values as [number]
    return {
      dLoss,
      gLoss,
      dReal,
      dFake,
      realSign,
      ...(gStep.refused && { nonFinite: refusal('g', gStep.refused, gLoss) }),
    }
  } finally {
    z.dispose()
  }
}

/**
 * One optimiser update of `vars` from the loss `f()` returns first (the other scalars it returns ride along as
 * metrics): the loss and metrics are read after the gradient scope, and the update is applied only when the loss is
 * finite (`refused: 'loss'`) and the new weights are too (`refused: 'weights'`).
 */
async function update(
  optimizer: Optimizer,
  vars: tf.Variable[],
  f: () => tf.Tensor[],
  opts: { clip?: number } = {},
): Promise<{ values: number[]; refused?: 'loss' | 'weights' }> {
  let extras: tf.Tensor[] = []
  const { value, grads } = tf.variableGrads(() => {
    const [loss, ...rest] = f()
    extras = rest.map((t) => tf.keep(t))
    return loss as tf.Scalar
  }, vars)
  const stacked = tf.tidy(() => tf.stack([value, ...extras].map((t) => tf.reshape(t, []))))
  tf.dispose([value, ...extras])
  const values = Array.from(await stacked.data())
  stacked.dispose()
  try {
    if (!Number.isFinite(values[0])) return { values, refused: 'loss' }
    return (await optimizer.apply(grads, opts)) ? { values } : { values, refused: 'weights' }
  } finally {
    tf.dispose(grads)
  }
}

function refusal(net: 'd' | 'g', refused: 'loss' | 'weights', loss: number): NonFinite {
  const name = net === 'd' ? 'discriminator' : 'generator'
  return refused === 'loss'
    ? { where: net === 'd' ? 'dLoss' : 'gLoss', message: `${name} loss is ${loss}` }
    : { where: `${name} weights`, message: `the ${name} update produced NaN/Inf weights; it was not applied` }
}
