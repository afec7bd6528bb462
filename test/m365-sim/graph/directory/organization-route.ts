/** The tenant's organization object. */
import type { Router } from '../http.ts';
import { listResponse } from '../paging.ts';

export function registerOrganizationRoute(r: Router): void {
  r.get('/organization', (ctx) => {
    const t = ctx.sim.tenant;
    return listResponse(
      ctx,
      [
        {
          id: t.id,
          displayName: t.displayName,
          countryLetterCode: 'IE',
          preferredLanguage: 'en',
          tenantType: 'AAD',
          verifiedDomains: [
            {
              capabilities: 'Email, OfficeCommunicationsOnline',
              isDefault: false,
              isInitial: true,
              name: t.initialDomain,
              type: 'Managed',
            },
            {
              capabilities: 'Email, OfficeCommunicationsOnline',
              isDefault: true,
              isInitial: false,
              name: t.domain,
              type: 'Managed',
            },
          ],
          createdDateTime: '2023-01-05T10:00:00Z',
        },
      ],
      { defaultPage: 100, maxPage: 100, context: 'organization' },
    );
  });
}
