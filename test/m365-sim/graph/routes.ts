/** Every Graph route the simulator serves. */
import type { Sim } from '../sim.ts';
import { registerDirectory } from './directory.ts';
import { registerDrives } from './drives.ts';
import type { Router } from './http.ts';
import { registerMail } from './mail.ts';
import { registerPim } from './pim.ts';
import { registerSites, siteRewriter } from './sites.ts';
import { registerTeams } from './teams.ts';

export function registerGraphRoutes(r: Router, sim: Sim): void {
  registerDirectory(r);
  registerMail(r);
  registerPim(r);
  registerDrives(r, sim);
  registerSites(r);
  sim.rewriters.push(siteRewriter);
  registerTeams(r);
}
