import { z } from 'zod'
import { datasetEvents, datasetRequests } from './datasets'
import { noArgs } from './schema-helpers'

/**
 * Every request channel (renderer → main) with its argument and result schema, and every event
 * (main → renderer) with its payload schema. Main validates arguments against these before a handler
 * runs; preload and renderer derive their typed API from the same declarations.
 */

export const backendName = z.enum(['tensorflow', 'webgpu', 'wasm', 'cpu'])

export const deviceReport = z.object({
  backend: backendName,
  device: z.string(),
  unavailable: z.array(z.object({ backend: backendName, reason: z.string() })),
  versions: z.record(z.string(), z.string()),
  threads: z.number().optional(),
})

export const appInfo = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['electron', 'browser']),
  platform: z.string(),
  schemaVersion: z.number(),
})

export const requests = {
  'app.info': { args: noArgs, result: appInfo },
  'device.report': { args: noArgs, result: deviceReport },
  ...datasetRequests,
} as const

export const events = {
  'device.changed': deviceReport,
  ...datasetEvents,
} as const

export type Requests = typeof requests
export type Events = typeof events
export type RequestChannel = keyof Requests
export type EventChannel = keyof Events
export type RequestArgs<C extends RequestChannel> = z.input<Requests[C]['args']>
export type ParsedArgs<C extends RequestChannel> = z.output<Requests[C]['args']>
export type RequestResult<C extends RequestChannel> = z.output<Requests[C]['result']>
export type EventPayload<E extends EventChannel> = z.output<Events[E]>

export type BackendName = z.infer<typeof backendName>
export type DeviceReport = z.infer<typeof deviceReport>
export type AppInfo = z.infer<typeof appInfo>

export const REQUEST_CHANNELS = Object.keys(requests) as RequestChannel[]
export const EVENT_CHANNELS = Object.keys(events) as EventChannel[]

export function isRequestChannel(value: unknown): value is RequestChannel {
  return typeof value === 'string' && Object.hasOwn(requests, value)
}

export function isEventChannel(value: unknown): value is EventChannel {
  return typeof value === 'string' && Object.hasOwn(events, value)
}
