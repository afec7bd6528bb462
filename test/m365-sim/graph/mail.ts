/** Outlook mail: folders, messages, attachments (the route groups live in graph/mail/). */
import { registerAttachmentRoutes } from './mail/attachment-routes.ts';
import { registerFolderRoutes } from './mail/folder-routes.ts';
import { registerMessageListRoutes } from './mail/message-list-routes.ts';
import { registerMessageRoutes } from './mail/message-routes.ts';
import type { Router } from './http.ts';

export function registerMail(r: Router): void {
  registerFolderRoutes(r);
  registerMessageListRoutes(r);
  registerMessageRoutes(r);
  registerAttachmentRoutes(r);
}
