// Validates and dispatches every bridge call: the name must be in the contract, the arguments must
// match its zod schema, and the transport must already have vouched for the sender.
import {
  type BridgeErrorData,
  type CallName,
  type CallResult,
  type Envelope,
  type ParsedCallArgs,
  calls,
  isCallName,
} from '../../shared/contract';
import type { Language } from '../../shared/types';
import { INTERNAL_ERROR_TEXT, INVALID_ARGUMENTS_TEXT, UserError } from '../errors';
import { errorFields, log } from '../log';

export interface CallContext {
  /** Who is calling: an Electron frame already checked, or an authenticated host socket. */
  sender: { kind: 'electron'; webContentsId: number; url: string } | { kind: 'host'; connectionId: string };
}

export type Handler<K extends CallName> = (
  ctx: CallContext,
  ...args: ParsedCallArgs<K>
) => Promise<CallResult<K>> | CallResult<K>;

/** Every call of the contract must have a handler: a missing one is a compile error. */
export type Handlers = { [K in CallName]: Handler<K> };

export interface Dispatcher {
  dispatch(ctx: CallContext, name: unknown, rawArgs: unknown): Promise<Envelope<unknown>>;
}

export function createDispatcher(handlers: Handlers, language: () => Language): Dispatcher {
  const fail = (error: BridgeErrorData): Envelope<unknown> => ({ ok: false, error });
  return {
    async dispatch(ctx, name, rawArgs) {
      if (!isCallName(name)) {
        log.warn('bridge.unknown-call', { sender: ctx.sender.kind });
        return fail({ code: 'bridge.unknown-call', message: INVALID_ARGUMENTS_TEXT[language()] });
      }
      const parsed = calls[name].args.safeParse(Array.isArray(rawArgs) ? rawArgs : [rawArgs]);
      if (!parsed.success) {
        log.warn('bridge.invalid-arguments', { call: name, issues: parsed.error.issues.length });
        return fail({ code: 'bridge.invalid-arguments', message: INVALID_ARGUMENTS_TEXT[language()] });
      }
      const handler = handlers[name] as (ctx: CallContext, ...args: unknown[]) => unknown;
      try {
        const value = await handler(ctx, ...(parsed.data as unknown[]));
        return { ok: true, value };
      } catch (err) {
        if (err instanceof UserError) return fail({ code: err.code, message: err.localized(language()) });
        log.error('bridge.handler-failed', { call: name, ...errorFields(err) });
        return fail({ code: 'internal', message: INTERNAL_ERROR_TEXT[language()] });
      }
    },
  };
}
