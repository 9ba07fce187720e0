/**
 * Where a worker entry lives. From source (tests, tsx) it is the .ts file in src-main/workers/; in the build,
 * electron-vite emits each worker as its own entry in out/main/, and shared code sits in out/main/chunks/.
 */
function workerUrl(name: string): URL {
  const here = import.meta.url
  if (here.endsWith('.ts')) return new URL(`../workers/${name}.ts`, here)
  const mainDir = here.includes('/chunks/') ? new URL('../', here) : new URL('./', here)
  return new URL(`${name}.js`, mainDir)
}

export const importWorkerUrl = () => workerUrl('import-worker')
export const trainingWorkerUrl = () => workerUrl('training-worker')
export const exportWorkerUrl = () => workerUrl('export-worker')
export const latentWorkerUrl = () => workerUrl('latent-worker')
