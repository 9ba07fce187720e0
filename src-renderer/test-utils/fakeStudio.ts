import { createDispatcher } from '../../src-main/bridge/dispatcher'
import type { CallContext, Handler, HandlerTable } from '../../src-main/bridge/handler-table'
import type {
  EventChannel,
  EventPayload,
  RequestArgs,
  RequestChannel,
  RequestResult,
} from '../../src-shared/contract/channels'
import { StudioError } from '../../src-shared/contract/errors'
import { createStudioApi, type StudioApi } from '../../src-shared/studio-client/studio-api'

type AnyHandler = (args: unknown, context: CallContext) => unknown

const handlers = new Map<RequestChannel, AnyHandler>()
const calls: { channel: RequestChannel; args: unknown }[] = []
let toPage: ((channel: EventChannel, payload: unknown) => void) | null = null

// Every channel answers from `handlers`; the real dispatcher validates arguments first, as main does.
const table = new Proxy({} as HandlerTable, {
  get:
    (_table, channel: RequestChannel): AnyHandler =>
    (args, context) => {
      calls.push({ channel, args })
      const handler = handlers.get(channel)
      if (!handler) throw new StudioError('UNAVAILABLE', `The test gave no answer for ${channel}.`)
      return handler(args, context)
    },
})
const dispatch = createDispatcher(table, () => {})

/** window.studio for renderer tests: the real preload API over a transport that calls the handlers a test sets. */
export const fakeStudioApi: StudioApi = createStudioApi({
  invoke: (channel, args) => dispatch(channel, args, { transport: 'browser' }),
  subscribe: (listener) => {
    toPage = listener
    return () => (toPage = null)
  },
  mediaUrl: (mediaId) => `/media/${mediaId}`,
  downloadUrl: (exportId) => `/download/${exportId}`,
})

export const fakeStudio = {
  /** Answers `channel` with `handler` (throw a StudioError to answer with an error). */
  handle<C extends RequestChannel>(channel: C, handler: Handler<C>): void {
    handlers.set(channel, handler as AnyHandler)
  },
  /** Answers `channel` with `value` every time. */
  answer<C extends RequestChannel>(channel: C, value: RequestResult<C>): void {
    handlers.set(channel, () => value)
  },
  /** Sends an event from "main" to the page. */
  emit<E extends EventChannel>(event: E, payload: EventPayload<E>): void {
    toPage?.(event, payload)
  },
  /** The validated arguments of each call made on `channel` so far. */
  callsOf<C extends RequestChannel>(channel: C): RequestArgs<C>[] {
    return calls.filter((call) => call.channel === channel).map((call) => call.args as RequestArgs<C>)
  },
  reset(): void {
    handlers.clear()
    calls.length = 0
  },
}
