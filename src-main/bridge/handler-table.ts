import type { ParsedArgs, RequestChannel, RequestResult } from '../../src-shared/contract/channels'

/** Who is calling: the transport fills this in; handlers may use it for logging or per-client state. */
export interface CallContext {
  transport: 'electron' | 'browser'
}

export type Handler<C extends RequestChannel> = (
  args: ParsedArgs<C>,
  context: CallContext,
) => RequestResult<C> | Promise<RequestResult<C>>

/** One handler per channel: a missing or extra channel is a type error. */
export type HandlerTable = { [C in RequestChannel]: Handler<C> }
