/** Contacts and contact folders, calendars and events, To Do lists and tasks (all Outlook: mailbox limits apply). */
import type { Router } from './http.ts';
import { registerContactRoutes } from './pim/contact-routes.ts';
import { registerEventRoutes } from './pim/event-routes.ts';
import { registerTodoRoutes } from './pim/todo-routes.ts';

export function registerPim(r: Router): void {
  registerContactRoutes(r);
  registerEventRoutes(r);
  registerTodoRoutes(r);
}
