import type { z } from 'zod'
import { datasetEvents, datasetRequests } from './datasets'
import { appInfo, deviceReport } from './device'
import { exportEvents, exportRequests } from './exports'
import { healthRequests } from './health'
import { latentEvents, latentRequests } from './latent'
import { runEvents, runRequests } from './runs'
import { noArgs } from './schema-helpers'

/**
 * Every request channel (renderer → main) with its argument and result schema, and every event
 * (main → renderer) with its payload schema. Main validates arguments against these before a handler
 * runs; preload and renderer derive their typed API from the same declarations.
 */

export const requests = {
  'app.info': { args: noArgs, result: appInfo },
  'device.report': { args: noArgs, result: deviceReport },
  ...datasetRequests,
  ...runRequests,
  ...healthRequests,
  ...exportRequests,
  ...latentRequests,
} as const

export const events = {
  'device.changed': deviceReport,
  ...datasetEvents,
  ...runEvents,
  ...exportEvents,
  ...latentEvents,
} as const

export type Requests = typeof requests
export type Events = typeof events
export type RequestChannel = keyof Requests
export type EventChannel = keyof Events
export type RequestArgs<C extends RequestChannel> = z.input<Requests[C]['args']>
export type ParsedArgs<C extends RequestChannel> = z.output<Requests[C]['args']>
export type RequestResult<C extends RequestChannel> = z.output<Requests[C]['result']>
export type EventPayload<E extends EventChannel> = z.output<Events[E]>

export type { AppInfo, BackendName, DeviceReport } from './device'

export const REQUEST_CHANNELS = Object.keys(requests) as RequestChannel[]

/**
 * Channels only the Electron preload calls, never the page: the paths of dropped files and folders are read
 * from real Files by the preload (webUtils), so the page cannot name an arbitrary path.
 */
export const PRELOAD_ONLY_CHANNELS = ['folders.grantDropped'] as const satisfies readonly RequestChannel[]
export type PageChannel = Exclude<RequestChannel, (typeof PRELOAD_ONLY_CHANNELS)[number]>
export const PAGE_CHANNELS = REQUEST_CHANNELS.filter(
  (channel): channel is PageChannel => !(PRELOAD_ONLY_CHANNELS as readonly string[]).includes(channel),
)

export function isRequestChannel(value: unknown): value is RequestChannel {
  return typeof value === 'string' && Object.hasOwn(requests, value)
}
