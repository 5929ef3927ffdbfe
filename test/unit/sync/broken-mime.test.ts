// Issue 20 point 3: messages shaped like the broken ones of real mailboxes never make body parsing throw;
// a part the parser cannot understand is kept as an application/octet-stream attachment.
import { describe, expect, it } from 'vitest';
import type { MessageStructureObject } from 'imapflow';
import { parseRawMessage } from '../../../main/sync/body-parser';
import { attachmentParts } from '../../../main/sync/message-mapper';
import * as corpus from '../../corpus/real-world';

const emptyContentType = corpus.emptyContentType.raw;

describe('body parsing never throws', () => {
  it('keeps a part with an unreadable Content-Type as application/octet-stream, with the body', async () => {
    // What Dovecot answers in BODYSTRUCTURE for that part (imapflow may also leave the type out).
    const structure = {
      type: 'multipart/mixed',
      childNodes: [
        { part: '1', type: 'text/plain', parameters: { charset: 'us-ascii' } },
        { part: '2', disposition: 'attachment', dispositionParameters: { filename: 'scan_0001.pdf' } },
      ],
    } as unknown as MessageStructureObject;
    expect(attachmentParts(structure).map((p) => p.part)).toEqual(['2']);
    const p = await parseRawMessage(emptyContentType, structure);
    expect(p.text).toContain('Document numerise le 12/03/2019');
    expect(p.attachments).toHaveLength(1);
    expect(p.attachments[0]).toMatchObject({ mime: 'application/octet-stream', filename: 'scan_0001.pdf', part: '2' });
    expect(p.attachments[0]!.data!.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
  });

  it('gives a body for structures that do not line up with the parser: parts numbered from the raw tree', async () => {
    const lying = { type: 'multipart/mixed', childNodes: [{ part: '1' }, { part: '2', type: 'image/png', disposition: 'attachment' }] } as unknown as MessageStructureObject;
    const p = await parseRawMessage(emptyContentType, lying);
    expect(p.text).toContain('Document numerise le 12/03/2019');
    expect(p.attachments.map((a) => a.part)).toEqual(['2']);
  });
});
