/**
 * Fused training-mode batch norm + activation and leaky ReLU with hand-written gradients.
 *
 * Autodiff through tf.moments/tf.batchNorm broadcasts with [1,1,1,C] shapes and Tile, which the
 * wasm backend runs in slow generic loops; these ops only broadcast [C] vectors (fast path) and
 * need ~12 full-tensor passes for forward + backward of BN + activation.
 */
import * as tf from './tf'

export type Activation = 'relu' | 'lrelu' | 'none'

function activate(z: tf.Tensor, act: Activation, slope: number): tf.Tensor {
  if (act === 'relu') return tf.relu(z)
  if (act === 'lrelu') return tf.maximum(z, tf.mul(z, slope))
  return z
}

/** dL/dz from dL/dy, using y = act(z) (same sign as z). */
function activationGrad(dy: tf.Tensor, y: tf.Tensor, act: Activation, slope: number): tf.Tensor {
  if (act === 'relu') return tf.mul(dy, tf.step(y))
  if (act === 'lrelu') return tf.mul(dy, tf.add(tf.mul(tf.step(y), 1 - slope), slope))
  return dy
}

/** Leaky ReLU as max(x, slope·x) with gradient dy·(slope + (1−slope)·[x>0]). */
export function leakyRelu(x: tf.Tensor4D, slope: number): tf.Tensor4D {
  const f = tf.customGrad(((xx: tf.Tensor, save: tf.GradSaveFunc) => {
    const y = activate(xx, 'lrelu', slope)
    save([y])
    return { value: y, gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => activationGrad(dy, saved[0]!, 'lrelu', slope) }
  }) as unknown as Parameters<typeof tf.customGrad>[0])
  return f(x) as tf.Tensor4D
}

/**
 * act(BN(x)) with batch statistics over N, H, W (biased variance, PyTorch train mode).
 * Gradients for x, gamma and beta.
 */
export function batchNormAct(
  x: tf.Tensor4D,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  eps: number,
  act: Activation,
  slope = 0.2,
): tf.Tensor4D {
  const f = tf.customGrad(((xx: tf.Tensor, g: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    const { mean, variance } = tf.moments(xx, [0, 1, 2])
    const invstd = tf.rsqrt(tf.add(variance, eps))
    const scale = tf.mul(g, invstd)
    const shift = tf.sub(b, tf.mul(mean, scale))
    const y = activate(tf.add(tf.mul(xx, scale), shift), act, slope)
    save([xx, y, mean, invstd, g])
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sy, sMean, sInv, sGamma] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D]
        const m = sx.shape[0] * sx.shape[1] * sx.shape[2]
        const gz = activationGrad(dy, sy, act, slope)
        const xhat = tf.add(tf.mul(sx, sInv), tf.neg(tf.mul(sMean, sInv)))
        const dBeta = tf.sum(gz, [0, 1, 2])
        const dGamma = tf.sum(tf.mul(gz, xhat), [0, 1, 2])
        const k1 = tf.mul(sGamma, sInv)
        const k2 = tf.mul(k1, tf.div(dGamma, -m))
        const k3 = tf.mul(k1, tf.div(dBeta, -m))
        const dx = tf.add(tf.add(tf.mul(gz, k1), tf.mul(xhat, k2)), k3)
        return [dx, dGamma, dBeta]
      },
    }
  }) as unknown as Parameters<typeof tf.customGrad>[0])
  return f(x, gamma, beta) as tf.Tensor4D
}
