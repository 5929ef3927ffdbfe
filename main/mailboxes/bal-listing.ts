// The operator's optional endpoint listing the BALs a person may open (named in autoconfig as
// mss:balListing). Bearer = the person's PSC access token. https only, verified TLS, size-limited.
import { z } from 'zod';

const listingSchema = z
  .array(
    z.object({
      address: z.string().min(3).max(254),
      type: z.enum(['PER', 'ORG', 'APP', 'CAB']),
      label: z.string().max(200).optional(),
      role: z.enum(['titulaire', 'cotitulaire', 'délégataire']),
    }),
  )
  .max(500);

export type ListedBal = z.infer<typeof listingSchema>[number];

const MAX_BYTES = 256 * 1024;

export async function fetchBalListing(
  url: string,
  accessToken: string,
  fetchImpl: (url: string, init: RequestInit) => Promise<Response>,
  timeoutMs = 10_000,
): Promise<ListedBal[]> {
  if (!url.startsWith('https://')) throw new Error('BAL listing must be https');
  const res = await fetchImpl(url, {
    headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
    redirect: 'error',
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) throw new Error(`BAL listing answered HTTP ${res.status}`);
  const text = await res.text();
  if (text.length > MAX_BYTES) throw new Error('BAL listing too large');
  return listingSchema.parse(JSON.parse(text));
}
