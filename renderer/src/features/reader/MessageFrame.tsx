// A sanitized document in <iframe sandbox="">, loaded from main (frames.open) so that the frame has its
// own CSP (inline CSS, data: images, nothing else) instead of inheriting the app's, which drops all CSS.
// If main cannot serve it, the document goes in srcdoc: readable, without its styles.
import { useEffect, useState } from 'react';
import { mss } from '../../bridge';

interface Props {
  doc: string;
  title: string;
  className: string;
  testId: string;
}

export function MessageFrame({ doc, title, className, testId }: Props) {
  const [src, setSrc] = useState<{ doc: string; url: string | null } | null>(null);
  useEffect(() => {
    let alive = true;
    mss
      .invoke('frames.open', doc)
      .then((r) => alive && setSrc({ doc, url: r.url }))
      .catch(() => alive && setSrc({ doc, url: null }));
    return () => {
      alive = false;
    };
  }, [doc]);
  // Nothing until the URL for this very document is known (no flash of the previous message).
  if (!src || src.doc !== doc) return <div className={className} aria-busy="true" />;
  return src.url ? (
    <iframe className={className} title={title} sandbox="" referrerPolicy="no-referrer" src={src.url} data-testid={testId} />
  ) : (
    <iframe className={className} title={title} sandbox="" referrerPolicy="no-referrer" srcDoc={doc} data-testid={testId} />
  );
}
