import { z } from 'zod'

export const backendName = z.enum(['tensorflow', 'webgpu', 'wasm', 'cpu'])

export const deviceReport = z.object({
  backend: backendName,
  device: z.string(),
  unavailable: z.array(z.object({ backend: backendName, reason: z.string() })),
  versions: z.record(z.string(), z.string()),
  threads: z.number().optional(),
  /** the convolution/matmul kernels in use on wasm: native oneDNN, or the wasm ones and why */
  kernels: z.object({ kind: z.enum(['native', 'wasm']), label: z.string(), reason: z.string().optional() }).optional(),
})

export const appInfo = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['electron', 'browser']),
  platform: z.string(),
  schemaVersion: z.number(),
})

export type BackendName = z.infer<typeof backendName>
export type DeviceReport = z.infer<typeof deviceReport>
export type AppInfo = z.infer<typeof appInfo>
