// "Conversations" preference of the message list, kept in the user's settings (main/settings) so it
// survives restarts and follows the person on every BAL.
import { useCallback, useEffect, useState } from 'react';
import { mss } from '../../bridge';
import { useBridgeEvent } from '../mail/hooks';

export function useConversationsPreference(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(false);
  useEffect(() => {
    let live = true;
    mss
      .invoke('settings.get')
      .then((s) => live && setOn(s.conversations))
      .catch(() => undefined); // flat list until the settings can be read
    return () => {
      live = false;
    };
  }, []);
  useBridgeEvent('settings.changed', (s) => setOn(s.conversations));
  const set = useCallback((next: boolean) => {
    setOn(next);
    mss.invoke('settings.update', { conversations: next }).catch(() => setOn(!next));
  }, []);
  return [on, set];
}
