import { isRequestChannel, requests, type RequestChannel } from '../../src-shared/contract/channels'
import { StudioError, validationIssues, type Reply, type ValidationIssue } from '../../src-shared/contract/errors'
import type { CallContext, Handler, HandlerTable } from './handler-table'

export type Dispatch = (channel: unknown, args: unknown, context: CallContext) => Promise<Reply<unknown>>

/**
 * The one place requests enter the services, whichever transport carried them. Arguments are
 * validated strictly before the handler runs; errors come back as codes, never as stack traces.
 */
export function createDispatcher(handlers: HandlerTable, log: (message: string) => void = console.error): Dispatch {
  return async (channel, args, context) => {
    if (!isRequestChannel(channel)) {
      return failure('UNKNOWN_CHANNEL', 'Unknown channel.')
    }
    const parsed = requests[channel].args.safeParse(args ?? {})
    if (!parsed.success) {
      return failure('VALIDATION', `Invalid arguments for ${channel}.`, validationIssues(parsed.error.issues))
    }
    try {
      const handler = handlers[channel] as Handler<RequestChannel>
      const value = await handler(parsed.data as never, context)
      return { ok: true, value }
    } catch (error) {
      if (error instanceof StudioError) return failure(error.code, error.message, error.issues)
      log(`[bridge] ${channel} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
      return failure('INTERNAL', 'Something went wrong on the studio side; details are in its log.')
    }
  }
}

function failure(code: StudioError['code'], message: string, issues?: ValidationIssue[]): Reply<never> {
  return { ok: false, error: { code, message, ...(issues && { issues }) } }
}
