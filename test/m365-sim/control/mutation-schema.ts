/** The mutations a test can apply to the tenant through POST /_sim/mutate. */
import { z } from 'zod';

export const Mutation = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('mail.add'),
    user: z.string(),
    folder: z.string().default('inbox'),
    count: z.number().int().min(1).max(10_000).default(1),
    subject: z.string().optional(),
  }),
  z.object({
    op: z.literal('mail.update'),
    user: z.string(),
    id: z.string(),
    isRead: z.boolean().optional(),
    subject: z.string().optional(),
    flagStatus: z.enum(['notFlagged', 'flagged', 'complete']).optional(),
    categories: z.array(z.string()).optional(),
  }),
  z.object({ op: z.literal('mail.move'), user: z.string(), id: z.string(), folder: z.string() }),
  z.object({ op: z.literal('mail.delete'), user: z.string(), id: z.string() }),
  z.object({
    op: z.literal('folder.add'),
    user: z.string(),
    parent: z.string().default('msgfolderroot'),
    name: z.string(),
  }),
  z.object({
    op: z.literal('folder.update'),
    user: z.string(),
    id: z.string(),
    name: z.string().optional(),
    parent: z.string().optional(),
  }),
  z.object({ op: z.literal('folder.delete'), user: z.string(), id: z.string() }),
  z.object({
    op: z.literal('file.add'),
    drive: z.string(),
    path: z.string(),
    size: z
      .number()
      .int()
      .min(0)
      .max(512 * 1024 * 1024)
      .default(1000),
  }),
  z.object({
    op: z.literal('file.update'),
    drive: z.string(),
    id: z.string(),
    size: z.number().int().min(0).optional(),
  }),
  z.object({
    op: z.literal('file.move'),
    drive: z.string(),
    id: z.string(),
    parent: z.string(),
    name: z.string().optional(),
  }),
  z.object({ op: z.literal('file.delete'), drive: z.string(), id: z.string() }),
  z.object({
    op: z.literal('channel.add'),
    team: z.string(),
    channel: z.string(),
    text: z.string().default('New message'),
    replyTo: z.string().optional(),
  }),
  z.object({
    op: z.literal('channel.update'),
    team: z.string(),
    channel: z.string(),
    id: z.string(),
    text: z.string(),
  }),
  z.object({
    op: z.literal('channel.delete'),
    team: z.string(),
    channel: z.string(),
    id: z.string(),
  }),
  z.object({
    op: z.literal('listItem.add'),
    site: z.string(),
    list: z.string(),
    fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  }),
  z.object({
    op: z.literal('listItem.update'),
    site: z.string(),
    list: z.string(),
    id: z.string(),
    fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  }),
  z.object({
    op: z.literal('listItem.delete'),
    site: z.string(),
    list: z.string(),
    id: z.string(),
  }),
  z.object({
    op: z.literal('user.add'),
    displayName: z.string(),
    licensed: z.boolean().default(true),
  }),
  z.object({ op: z.literal('user.remove'), id: z.string() }),
  z.object({
    op: z.literal('user.update'),
    id: z.string(),
    displayName: z.string().optional(),
    department: z.string().nullable().optional(),
    jobTitle: z.string().nullable().optional(),
    city: z.string().nullable().optional(),
    country: z.string().nullable().optional(),
    officeLocation: z.string().nullable().optional(),
    companyName: z.string().nullable().optional(),
    accountEnabled: z.boolean().optional(),
  }),
  z.object({ op: z.literal('group.addMember'), group: z.string(), user: z.string() }),
  z.object({ op: z.literal('group.removeMember'), group: z.string(), user: z.string() }),
  z.object({ op: z.literal('site.add'), name: z.string() }),
  z.object({ op: z.literal('site.remove'), id: z.string() }),
  z.object({ op: z.literal('team.add'), displayName: z.string() }),
  z.object({ op: z.literal('team.remove'), id: z.string() }),
]);
export type Mutation = z.infer<typeof Mutation>;
