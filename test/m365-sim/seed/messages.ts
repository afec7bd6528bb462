/** Generated messages: a message is a function of (seed, user, index) until something changes it. */
import type { AttachmentData, MessageData } from '../model/mailbox-data.ts';
import type { Mailbox } from '../mailbox.ts';
import type { Address } from '../mime.ts';
import { DEMO_VANITY_DOMAIN } from '../app-registration.ts';
import { Rng, guidOf, hash32 } from '../random.ts';
import { addr, escapeHtml, isoAt } from '../world.ts';
import { CATEGORIES, EXTERNAL, TOPICS } from './names.ts';
import { tinyPng } from './tiny-png.ts';

export interface MessageShape {
  kind: 'plain' | 'html' | 'alternative' | 'related' | 'mixed';
  attachments: { name: string; contentType: string; size: number; inline: boolean; seed: number }[];
}

export function shapeOf(mb: Mailbox, i: number): MessageShape {
  const r = Rng.of(mb.tenant.seed, mb.user.index, 'shape', i);
  const roll = r.next();
  const kind: MessageShape['kind'] =
    roll < 0.2
      ? 'plain'
      : roll < 0.3
        ? 'html'
        : roll < 0.75
          ? 'alternative'
          : roll < 0.85
            ? 'related'
            : 'mixed';
  const attachments: MessageShape['attachments'] = [];
  if (kind === 'related') {
    attachments.push({
      name: 'logo.png',
      contentType: 'image/png',
      size: 0,
      inline: true,
      seed: hash32(i, 'png'),
    });
  }
  if (kind === 'mixed') {
    const n = r.int(1, 2);
    for (let a = 0; a < n; a++) {
      const big = r.chance(0.04);
      const size = big ? r.int(2_000_000, 6_000_000) : r.int(2_000, 180_000);
      const pick = r.int(0, 3);
      const [name, ct] =
        pick === 0
          ? [`Rechnung-${i}-${a}.pdf`, 'application/pdf']
          : pick === 1
            ? [
                `shipment_${i}_${a}.xlsx`,
                'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
              ]
            : pick === 2
              ? [`photo-${i}-${a}.jpg`, 'image/jpeg']
              : [`notes-ü-${i}.txt`, 'text/plain'];
      attachments.push({
        name,
        contentType: ct,
        size,
        inline: false,
        seed: hash32(mb.tenant.seed, mb.user.index, i, a),
      });
    }
  }
  return { kind, attachments };
}

export function generateMessage(mb: Mailbox, i: number): MessageData {
  const t = mb.tenant;
  const r = Rng.of(t.seed, mb.user.index, 'msg', i);
  const folderKey = mb.baseFolderKey(i);
  const outgoing = mb.outgoingFolders.has(folderKey);
  const drafts = folderKey === mb.folderByWellKnown.get('drafts');
  const me = addr(mb.user);
  const colleague = (): Address =>
    addr(t.users[r.int(0, Math.min(t.users.length, 25) - 1)] ?? mb.user);
  const other: Address = r.chance(0.6) ? colleague() : r.pick(EXTERNAL);
  const from = outgoing ? me : other;
  const to = outgoing ? [other] : [me];
  const cc = r.chance(0.3) ? [colleague()] : [];
  const topicIdx = r.int(0, TOPICS.length - 1);
  const thread = r.int(0, 3);
  const isReply = thread > 0;
  const topic = TOPICS[topicIdx] ?? 'Hello';
  const subject = (isReply ? (r.chance(0.5) ? 'RE: ' : 'AW: ') : '') + topic;
  const when = mb.baseReceivedMs(i);
  const sent = when - r.int(5_000, 600_000);
  const domain = mb.user.mail?.split('@')[1] ?? DEMO_VANITY_DOMAIN;
  const msgId = `<${(hash32(t.seed, mb.user.index, i) >>> 0).toString(36)}.${i}.${mb.user.index}@${domain}>`;
  const threadRoot = `<thread-${topicIdx}-${mb.user.index}@${domain}>`;
  const greeting = r.pick(['Hi', 'Hello', 'Bonjour', 'Hallo', 'Hej', 'こんにちは']);
  const lines = [
    `${greeting} ${to[0]?.name.split(' ')[0] ?? ''},`,
    '',
    `About "${topic}": ${r.pick(['please find the details below.', 'can we discuss mb tomorrow?', 'the numbers are attached.', 'see my notes — ça va?', 'bitte um Rückmeldung bis Freitag.'])}`,
    `Reference ${r.int(10000, 99999)} / line ${i}.`,
    '',
    'Best regards,',
    from.name,
  ];
  const text = lines.join('\n');
  const shape = shapeOf(mb, i);
  const html =
    shape.kind === 'plain'
      ? undefined
      : `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body><div dir="ltr">${lines
          .map((l) => (l ? `<p>${escapeHtml(l)}</p>` : '<br>'))
          .join(
            '',
          )}${shape.kind === 'related' ? '<p><img src="cid:logo-' + i + '@larkspur"></p>' : ''}</div></body></html>`;
  const created = isoAt(drafts ? when : when + 1000);
  const attachments: AttachmentData[] = shape.attachments.map((a, n) => ({
    key: n,
    name: a.name,
    contentType: a.contentType,
    size: a.inline ? tinyPng(a.seed).length : a.size,
    isInline: a.inline,
    ...(a.inline ? { contentId: `logo-${i}@larkspur` } : {}),
    seed: a.seed,
    ...(a.inline ? { content: tinyPng(a.seed) } : {}),
    lastModifiedDateTime: isoAt(sent),
  }));
  return {
    subject,
    bodyType: html ? 'html' : 'text',
    bodyText: text,
    ...(html ? { bodyHtml: html } : {}),
    from,
    sender: from,
    to,
    cc,
    bcc: [],
    replyTo: [],
    sentDateTime: isoAt(sent),
    receivedDateTime: isoAt(when),
    createdDateTime: created,
    lastModifiedDateTime: created,
    internetMessageId: msgId,
    conversationId: guidOf(t.seed, mb.user.index, 'conv', topicIdx),
    ...(isReply ? { inReplyTo: threadRoot, references: [threadRoot] } : {}),
    importance: r.chance(0.1) ? 'high' : r.chance(0.05) ? 'low' : 'normal',
    isRead: outgoing || mb.baseIsRead(i),
    isDraft: drafts,
    flagStatus: r.chance(0.08) ? 'flagged' : r.chance(0.04) ? 'complete' : 'notFlagged',
    categories: r.chance(0.15) ? [r.pick(CATEGORIES)] : [],
    inferenceClassification: r.chance(0.8) ? 'focused' : 'other',
    attachments,
    extraHeaders: [],
    extended: {},
    genIndex: i,
    changeKey: 'CQAAABYAAAB' + (hash32(i, mb.user.index) >>> 0).toString(36).toUpperCase(),
  };
}
