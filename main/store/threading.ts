// JWZ-lite threading: a message joins the thread of the nearest known ancestor; if none is known yet its
// thread id is the root of its References (or In-Reply-To), so messages of one conversation agree on the
// id even when they arrive out of order.

/** Message-IDs as written in References (whitespace/comma separated `<...>` tokens), order kept. */
export function parseMessageIdList(header: string | null | undefined): string[] {
  if (!header) return [];
  const found = header.match(/<[^<>\s]+>/g);
  return found ? found : [];
}

export function normalizeMessageId(id: string | null | undefined): string | null {
  if (!id) return null;
  const t = id.trim();
  if (!t) return null;
  return t.startsWith('<') ? t : `<${t}>`;
}

export interface ThreadInput {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
}

/**
 * `lookup(messageId)` returns the thread id of an already cached message with that Message-ID, if any.
 * `fallback` is used for a message with no Message-ID and no references.
 */
export function computeThreadId(
  m: ThreadInput,
  lookup: (messageId: string) => string | undefined,
  fallback: string,
): string {
  const refs = m.references.length > 0 ? m.references : m.inReplyTo ? [m.inReplyTo] : [];
  if (m.inReplyTo && !refs.includes(m.inReplyTo)) refs.push(m.inReplyTo);
  // Nearest ancestor first (the last reference is the parent), then the others up to the root.
  for (let i = refs.length - 1; i >= 0; i--) {
    const t = lookup(refs[i]!);
    if (t) return t;
  }
  return refs[0] ?? m.messageId ?? fallback;
}
