import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { createTag, deleteTag, listTags } from '../services/tags';
import { protectedRoute } from './define-route';
import { idParam } from './params';
import { errors, json, jsonBody } from './schemas';
import { validationHook } from './validation';

const Tag = z
  .object({
    id: z.string(),
    name: z.string(),
    limitedAccess: z.boolean(),
    entityCount: z.number().int(),
  })
  .openapi('Tag');

const CreateTagRequest = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'Tag name is required.')
      .max(50, 'Tag name must be at most 50 characters.'),
    limitedAccess: z.boolean().default(false),
  })
  .openapi('CreateTagRequest');

const TagIdParam = idParam('tagId');

const TAGS = ['Tags'];

export const tagRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    protectedRoute(
      { requires: ['backups.view'] },
      {
        method: 'get',
        path: '/tags',
        tags: TAGS,
        summary: 'The account’s tags with how many mailboxes carry each',
        responses: { 200: json(z.object({ tags: z.array(Tag) }), 'Tags by name') },
      },
    ),
    async (c) => c.json({ tags: await listTags(c.var.principal, c.var.deps) }, 200),
  )
  .openapi(
    protectedRoute(
      { requires: ['backups.exchange.modify'] },
      {
        method: 'post',
        path: '/tags',
        tags: TAGS,
        summary: 'Create a tag',
        description:
          '`limitedAccess`: the data of mailboxes carrying the tag is visible to the primary user only.',
        request: { body: jsonBody(CreateTagRequest) },
        responses: { 201: json(z.object({ tag: Tag }), 'Tag created') },
      },
    ),
    async (c) => {
      const tag = await createTag(c.var.principal, c.var.deps, c.req.valid('json'));
      return c.json({ tag }, 201);
    },
  )
  .openapi(
    protectedRoute(
      { requires: ['backups.exchange.modify'] },
      {
        method: 'delete',
        path: '/tags/{tagId}',
        tags: TAGS,
        summary: 'Delete a tag (removes it from every mailbox)',
        request: { params: TagIdParam },
        responses: { 204: { description: 'Deleted' }, ...errors(404) },
      },
    ),
    async (c) => {
      await deleteTag(c.var.principal, c.var.deps, c.req.valid('param').tagId);
      return c.body(null, 204);
    },
  );
