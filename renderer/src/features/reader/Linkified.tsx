// Plain text with its https links opened in the system browser (after main checks them).
import { useTranslation } from 'react-i18next';
import { mss } from '../../bridge';

const URL_RE = /\bhttps:\/\/[^\s<>"')\]]+[^\s<>"')\].,;:!?]/g;

export function Linkified({ text }: { text: string }) {
  const { t } = useTranslation();
  const parts: React.ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    const at = m.index ?? 0;
    if (at > last) parts.push(text.slice(last, at));
    const url = m[0];
    parts.push(
      <a
        key={at}
        href={url}
        rel="noopener noreferrer"
        title={t('mail.reader.openLink', { url })}
        onClick={(e) => {
          e.preventDefault();
          void mss.invoke('shell.openExternal', url);
        }}
      >
        {url}
      </a>,
    );
    last = at + url.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <>{parts}</>;
}
