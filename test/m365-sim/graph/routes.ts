/** Every Graph route the simulator serves. */
import { registerDirectory } from './directory.ts';
import type { Router } from './http.ts';
import { registerMail } from './mail.ts';

export function registerGraphRoutes(r: Router): void {
  registerDirectory(r);
  registerMail(r);
}
