// The one contract between the renderer and the main process.
// Every call: a name, a zod schema of its arguments (validated in main) and a result type.
// Every event: a name and a payload type. main/bridge registers handlers from this file (a missing
// handler is a compile error), preload exposes exactly these names, renderer/ derives its types from it.
import { z } from 'zod';
import type {
  AppInfo,
  BalSummary,
  ConnectivityState,
  SessionInfo,
  Settings,
} from './types';

/** Phantom marker carrying a result or payload type without a runtime value. */
export interface Returns<T> {
  readonly __type?: T;
}
const returns = <T>(): Returns<T> => ({});

interface CallSpec<A extends z.ZodTuple, R> {
  args: A;
  result: Returns<R>;
}
const call = <A extends z.ZodTuple, R>(args: A, result: Returns<R>): CallSpec<A, R> => ({ args, result });

export const languageSchema = z.enum(['fr', 'en']);
export const emailAddressSchema = z
  .string()
  .trim()
  .max(254)
  .regex(/^[^\s@<>()",;:\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/);

export const settingsPatchSchema = z
  .object({
    language: languageSchema,
    theme: z.enum(['system', 'light', 'dark']),
    density: z.enum(['comfortable', 'compact']),
  })
  .partial()
  .strict();

export const calls = {
  'app.getInfo': call(z.tuple([]), returns<AppInfo>()),
  'settings.get': call(z.tuple([]), returns<Settings>()),
  'settings.update': call(z.tuple([settingsPatchSchema]), returns<Settings>()),
  /** Opens an https link in the system browser after the main process checked it. */
  'shell.openExternal': call(z.tuple([z.string().max(2048)]), returns<{ opened: boolean }>()),
  'session.get': call(z.tuple([]), returns<SessionInfo | null>()),
  'connectivity.get': call(z.tuple([]), returns<ConnectivityState>()),
  'mailboxes.list': call(z.tuple([]), returns<BalSummary[]>()),
  'mailboxes.setActive': call(z.tuple([emailAddressSchema]), returns<{ active: string }>()),
} as const;

export const events = {
  'settings.changed': returns<Settings>(),
  'session.changed': returns<SessionInfo | null>(),
  'connectivity.changed': returns<ConnectivityState>(),
  'mailboxes.changed': returns<BalSummary[]>(),
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallArgs<K extends CallName> = z.input<Calls[K]['args']>;
export type ParsedCallArgs<K extends CallName> = z.output<Calls[K]['args']>;
export type CallResult<K extends CallName> = Calls[K]['result'] extends Returns<infer R> ? R : never;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = Events[K] extends Returns<infer P> ? P : never;

export const CALL_NAMES = Object.keys(calls) as CallName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

/** Wire format of every answer: errors travel as data so their code and French message survive IPC. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: BridgeErrorData };
export interface BridgeErrorData {
  code: string;
  /** Message for the user, in the UI language, saying what happened and what to do. */
  message: string;
}

/** The object the renderer sees as `window.mss`, identical under Electron and the browser host. */
export interface MssApi {
  invoke<K extends CallName>(name: K, ...args: CallArgs<K>): Promise<CallResult<K>>;
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void;
  readonly host: 'electron' | 'browser';
}
