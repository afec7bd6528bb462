/**
 * Mail attachments beyond the 3 MB POST: upload sessions (createUploadSession, ordered PUTs
 * to a pre-authenticated Outlook URL, 201 with Location, cancel) that count against the
 * mailbox's upload budget, and item attachments (an attached message, event or contact) in
 * JSON and in MIME.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMime } from './mime.ts';
import { bytesAt } from './random.ts';
import { json, startTestSim, type TestSim } from './test-helpers.ts';

const MiB = 1024 * 1024;
type Err = { error: { code: string; message: string } };
type Attachment = {
  '@odata.type': string;
  id: string;
  name: string;
  contentType: string | null;
  size: number;
  isInline: boolean;
  contentBytes?: string;
  item?: Record<string, unknown>;
};
type Session = { uploadUrl: string; expirationDateTime: string; nextExpectedRanges: string[] };

let sim: TestSim;
let user: string;
beforeAll(async () => {
  sim = await startTestSim({ throttling: false, size: { users: 3, messagesPerMailbox: 10 } });
  user = (await sim.firstUser()).id;
});
afterAll(() => sim.close());

async function draft(subject: string): Promise<string> {
  const m = await json<{ id: string }>(
    await sim.graph(`/users/${user}/messages`, { method: 'POST', json: { subject } }),
  );
  return m.id;
}

const put = (url: string, data: Uint8Array, start: number, end: number, total: number) =>
  fetch(url, {
    method: 'PUT',
    headers: {
      'Content-Type': 'application/octet-stream',
      'Content-Range': `bytes ${start}-${end - 1}/${total}`,
    },
    body: Buffer.from(data.subarray(start, end)),
  });

describe('attachment upload sessions', () => {
  it('uploads a file over 3 MB in ordered ranges and attaches it', async () => {
    const id = await draft('large attachment');
    const data = Buffer.from(bytesAt(7, 0, 3.5 * MiB));
    const created = await sim.graph(
      `/users/${user}/messages/${id}/attachments/createUploadSession`,
      {
        method: 'POST',
        json: {
          AttachmentItem: {
            attachmentType: 'file',
            name: 'scan.pdf',
            size: data.length,
            contentType: 'application/pdf',
          },
        },
      },
    );
    expect(created.status).toBe(201);
    const session = await json<Session>(created);
    expect(session.nextExpectedRanges).toEqual(['0-']);
    expect(session.uploadUrl).toMatch(
      /\/api\/v2\.0\/Users\('[^']+@[^']+'\)\/Messages\('[^']+'\)\/AttachmentSessions\('[^']+'\)\?authtoken=/,
    );
    // the URL is pre-authenticated: a bearer token is refused
    const withAuth = await fetch(session.uploadUrl, {
      method: 'PUT',
      headers: {
        Authorization: `Bearer ${await sim.token()}`,
        'Content-Range': `bytes 0-9/${data.length}`,
      },
      body: data.subarray(0, 10),
    });
    expect(withAuth.status).toBe(401);

    const first = await put(session.uploadUrl, data, 0, 2 * MiB, data.length);
    expect(first.status).toBe(200);
    expect((await json<{ nextExpectedRanges: string[] }>(first)).nextExpectedRanges).toEqual([
      String(2 * MiB),
    ]);
    // resume: the session tells what it has received
    const status = await fetch(session.uploadUrl);
    expect(status.status).toBe(200);
    const st = await json<{ expirationDateTime: string; nextExpectedRanges: string[] }>(status);
    expect(st.nextExpectedRanges).toEqual([`${2 * MiB}-`]);
    expect(st.expirationDateTime).toBe(session.expirationDateTime);
    // ranges go in order
    expect((await put(session.uploadUrl, data, 3 * MiB, data.length, data.length)).status).toBe(
      416,
    );
    const last = await put(session.uploadUrl, data, 2 * MiB, data.length, data.length);
    expect(last.status).toBe(201);
    expect(await last.text()).toBe('');
    const location = last.headers.get('location') ?? '';
    const attId = /\/Attachments\('([^']+)'\)$/.exec(location)?.[1] ?? '';
    expect(attId).not.toBe('');

    const att = await json<Attachment>(
      await sim.graph(`/users/${user}/messages/${id}/attachments/${attId}`),
    );
    expect(att['@odata.type']).toBe('#microsoft.graph.fileAttachment');
    expect(att.name).toBe('scan.pdf');
    expect(att.size).toBe(data.length);
    expect(Buffer.from(att.contentBytes ?? '', 'base64').equals(data)).toBe(true);
    const msg = await json<{ hasAttachments: boolean }>(
      await sim.graph(`/users/${user}/messages/${id}`),
    );
    expect(msg.hasAttachments).toBe(true);
    const mime = parseMime(
      Buffer.from(await (await sim.graph(`/users/${user}/messages/${id}/$value`)).arrayBuffer()),
    );
    const part = mime.attachments.find((a) => a.name === 'scan.pdf');
    expect(Buffer.from(part?.content ?? []).equals(data)).toBe(true);
    // the session is gone once complete
    expect((await put(session.uploadUrl, data, 0, 10, data.length)).status).toBe(404);
  });

  it('refuses sessions for files under 3 MB, and cancels with DELETE', async () => {
    const id = await draft('small attachment');
    const small = await sim.graph(`/users/${user}/messages/${id}/attachments/createUploadSession`, {
      method: 'POST',
      json: { AttachmentItem: { attachmentType: 'file', name: 'a.txt', size: 3 * MiB - 1 } },
    });
    expect(small.status).toBe(400);
    expect((await json<Err>(small)).error.code).toBe(
      'ErrorAttachmentSizeShouldNotBeLessThanMinimumSize',
    );
    const session = await json<Session>(
      await sim.graph(`/users/${user}/messages/${id}/attachments/createUploadSession`, {
        method: 'POST',
        json: { AttachmentItem: { attachmentType: 'file', name: 'b.bin', size: 3 * MiB } },
      }),
    );
    expect((await fetch(session.uploadUrl, { method: 'DELETE' })).status).toBe(204);
    const data = new Uint8Array(10);
    expect((await put(session.uploadUrl, data, 0, 10, 3 * MiB)).status).toBe(404);
    // a single POST over 3 MB is refused
    const big = await sim.graph(`/users/${user}/messages/${id}/attachments`, {
      method: 'POST',
      json: {
        '@odata.type': '#microsoft.graph.fileAttachment',
        name: 'big.bin',
        contentBytes: Buffer.alloc(3 * MiB + 1).toString('base64'),
      },
    });
    expect(big.status).toBe(413);
  });
});

describe('attachment uploads and the mailbox upload budget', () => {
  it('counts the bytes of session PUTs against the 150 MB per 5 minutes', async () => {
    const small = await startTestSim({
      clock: 'manual',
      limits: { mailboxUploadBytes: 5 * MiB },
      size: { users: 3, messagesPerMailbox: 5 },
    });
    try {
      const u = (await small.firstUser()).id;
      const m = await json<{ id: string }>(
        await small.graph(`/users/${u}/messages`, { method: 'POST', json: { subject: 'x' } }),
      );
      const session = await json<Session>(
        await small.graph(`/users/${u}/messages/${m.id}/attachments/createUploadSession`, {
          method: 'POST',
          json: { AttachmentItem: { attachmentType: 'file', name: 'f.bin', size: 6 * MiB } },
        }),
      );
      const data = new Uint8Array(6 * MiB);
      expect((await put(session.uploadUrl, data, 0, 4 * MiB, data.length)).status).toBe(200);
      const over = await put(session.uploadUrl, data, 4 * MiB, data.length, data.length);
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await json<Err>(over)).error.message).toContain('IncomingBytes');
      await small.control('/clock', { advanceMs: 5 * 60_000 });
      expect((await put(session.uploadUrl, data, 4 * MiB, data.length, data.length)).status).toBe(
        201,
      );
    } finally {
      await small.close();
    }
  });
});

describe('item attachments', () => {
  it('attaches a message as an item, expands it, and carries it in MIME as message/rfc822', async () => {
    const id = await draft('forwarding as attachment');
    const created = await sim.graph(`/users/${user}/messages/${id}/attachments`, {
      method: 'POST',
      json: {
        '@odata.type': '#microsoft.graph.itemAttachment',
        name: 'Original request',
        item: {
          '@odata.type': 'microsoft.graph.message',
          subject: 'Angebot für Container MSCU 448812',
          body: { contentType: 'html', content: '<p>Bitte um Rückmeldung.</p>' },
          from: { emailAddress: { name: 'Ana', address: 'ana@lieferant.example' } },
          toRecipients: [{ emailAddress: { address: 'ops@larkspur.example' } }],
        },
      },
    });
    expect(created.status).toBe(201);
    const att = await json<Attachment>(created);
    expect(att['@odata.type']).toBe('#microsoft.graph.itemAttachment');
    expect(att.contentType).toBeNull();
    expect(att.contentBytes).toBeUndefined();
    expect(att.size).toBeGreaterThan(0);

    const listed = await json<{ value: Attachment[] }>(
      await sim.graph(`/users/${user}/messages/${id}/attachments`),
    );
    expect(listed.value.map((a) => a['@odata.type'])).toEqual(['#microsoft.graph.itemAttachment']);
    const expanded = await json<Attachment>(
      await sim.graph(
        `/users/${user}/messages/${id}/attachments/${att.id}?$expand=microsoft.graph.itemattachment/item`,
      ),
    );
    expect(expanded.item?.['@odata.type']).toBe('#microsoft.graph.message');
    expect(expanded.item?.subject).toBe('Angebot für Container MSCU 448812');

    const raw = Buffer.from(
      await (await sim.graph(`/users/${user}/messages/${id}/$value`)).arrayBuffer(),
    );
    const mime = parseMime(raw);
    const embedded = mime.attachments.find((a) => a.contentType === 'message/rfc822');
    expect(embedded).toBeTruthy();
    expect(parseMime(Buffer.from(embedded?.content ?? [])).subject).toBe(
      'Angebot für Container MSCU 448812',
    );

    // MIME in, item attachment out: creating a message from that MIME keeps the item
    const copy = await json<{ id: string; hasAttachments: boolean }>(
      await sim.graph(`/users/${user}/mailFolders/inbox/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain' },
        body: raw.toString('base64'),
      }),
    );
    expect(copy.hasAttachments).toBe(true);
    const copied = await json<{ value: Attachment[] }>(
      await sim.graph(
        `/users/${user}/messages/${copy.id}/attachments?$expand=microsoft.graph.itemattachment/item`,
      ),
    );
    expect(copied.value[0]?.['@odata.type']).toBe('#microsoft.graph.itemAttachment');
    expect(copied.value[0]?.name).toBe('Angebot für Container MSCU 448812');
    expect(copied.value[0]?.item?.subject).toBe('Angebot für Container MSCU 448812');
    expect(
      Buffer.from(
        await (await sim.graph(`/users/${user}/messages/${copy.id}/$value`)).arrayBuffer(),
      ).equals(raw),
    ).toBe(true);
  });

  it('attaches events and contacts as items and removes attachments', async () => {
    const id = await draft('with an event and a contact');
    const ev = await json<Attachment>(
      await sim.graph(`/users/${user}/messages/${id}/attachments`, {
        method: 'POST',
        json: {
          '@odata.type': '#microsoft.graph.itemAttachment',
          name: 'Dock inspection',
          item: {
            '@odata.type': 'microsoft.graph.event',
            subject: 'Dock inspection',
            start: { dateTime: '2025-07-01T09:00:00', timeZone: 'UTC' },
            end: { dateTime: '2025-07-01T10:00:00', timeZone: 'UTC' },
          },
        },
      }),
    );
    const contact = await json<Attachment>(
      await sim.graph(`/users/${user}/messages/${id}/attachments`, {
        method: 'POST',
        json: {
          '@odata.type': '#microsoft.graph.itemAttachment',
          name: 'Zoë Ng',
          item: {
            '@odata.type': '#microsoft.graph.contact',
            givenName: 'Zoë',
            surname: 'Ng',
            emailAddresses: [{ address: 'zoe@example.com' }],
          },
        },
      }),
    );
    const expanded = await json<Attachment>(
      await sim.graph(
        `/users/${user}/messages/${id}/attachments/${ev.id}?$expand=microsoft.graph.itemattachment/item`,
      ),
    );
    expect(expanded.item?.['@odata.type']).toBe('#microsoft.graph.event');
    expect(expanded.item?.subject).toBe('Dock inspection');
    const mime = parseMime(
      Buffer.from(await (await sim.graph(`/users/${user}/messages/${id}/$value`)).arrayBuffer()),
    );
    expect(mime.attachments.map((a) => a.contentType).sort()).toEqual([
      'text/calendar',
      'text/vcard',
    ]);
    for (const a of [ev, contact])
      expect(
        (await sim.graph(`/users/${user}/messages/${id}/attachments/${a.id}`, { method: 'DELETE' }))
          .status,
      ).toBe(204);
    const after = await json<{ hasAttachments: boolean }>(
      await sim.graph(`/users/${user}/messages/${id}`),
    );
    expect(after.hasAttachments).toBe(false);
    expect((await sim.graph(`/users/${user}/messages/${id}/attachments/${ev.id}`)).status).toBe(
      404,
    );
  });
});
