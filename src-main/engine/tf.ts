/**
 * The engine's single tfjs entry point. '@tensorflow/tfjs' is imported for its side effect of
 * registering every op gradient (tfjs-core's node bundle registers none) and the cpu backend;
 * the engine itself only uses the tfjs-core API re-exported here.
 */
import '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-cpu'
export * from '@tensorflow/tfjs-core'
