// Small hooks over `window.mss`: read a call's result and keep it fresh from an event.
import { useEffect, useState } from 'react';
import type { CallName, CallResult, EventName, EventPayload } from '../../../shared/contract';
import { mss } from '../bridge';

export function useEvent<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): void {
  useEffect(() => mss.on(name, listener), [name, listener]);
}

/** Result of an argument-less call, refreshed whenever `event` fires with a payload of the same type. */
export function useLive<K extends CallName, E extends EventName>(
  call: K,
  event: E,
): { value: CallResult<K> | undefined; error: string | null } {
  const [value, setValue] = useState<CallResult<K> | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    const invoke = mss.invoke as (name: K) => Promise<CallResult<K>>;
    invoke(call)
      .then((v) => alive && setValue(v))
      .catch((e: unknown) => alive && setError(e instanceof Error ? e.message : String(e)));
    const off = mss.on(event, (payload) => setValue(payload as unknown as CallResult<K>));
    return () => {
      alive = false;
      off();
    };
  }, [call, event]);
  return { value, error };
}
