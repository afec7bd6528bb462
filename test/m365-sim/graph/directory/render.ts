/** Users and groups as Graph renders them, and the default user projection. */
import type { Sim } from '../../sim.ts';
import type { Group, User } from '../../tenant.ts';
import type { Ctx } from '../http.ts';

export const USER_DEFAULT = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];

export function renderUser(sim: Sim, u: User): Record<string, unknown> {
  return {
    id: u.id,
    businessPhones:
      u.mailboxKind === 'user' ? [`+1 425 555 ${String(100 + u.index).padStart(4, '0')}`] : [],
    displayName: u.displayName,
    givenName: u.givenName,
    jobTitle: u.jobTitle,
    mail: u.mail,
    mobilePhone: null,
    officeLocation: u.officeLocation,
    preferredLanguage: u.mailboxKind === 'user' ? 'en-US' : null,
    surname: u.surname,
    userPrincipalName: u.userPrincipalName,
    accountEnabled: u.accountEnabled,
    ageGroup: u.ageGroup,
    city: u.city,
    companyName: u.companyName,
    country: u.country,
    department: u.department,
    usageLocation: u.usageLocation,
    createdDateTime: u.createdDateTime,
    mailNickname: u.mailNickname,
    userType: 'Member',
    assignedLicenses: u.licensed
      ? [{ disabledPlans: [], skuId: 'c7df2760-2c81-4ef7-b578-5b5392b571df' }]
      : [],
    assignedPlans: u.licensed
      ? [
          {
            assignedDateTime: u.createdDateTime,
            capabilityStatus: 'Enabled',
            service: 'exchange',
            servicePlanId: 'efb87545-963c-4e0d-99df-69c6916d9eb0',
          },
          {
            assignedDateTime: u.createdDateTime,
            capabilityStatus: 'Enabled',
            service: 'SharePoint',
            servicePlanId: '5dbe027f-2339-4123-9542-606e4d348a72',
          },
          {
            assignedDateTime: u.createdDateTime,
            capabilityStatus: 'Enabled',
            service: 'TeamspaceAPI',
            servicePlanId: '57ff2da0-773e-42df-b2af-ffb7a2317929',
          },
        ]
      : [],
    proxyAddresses: u.mail
      ? [`SMTP:${u.mail}`, `smtp:${u.mailNickname}@${sim.tenant.initialDomain}`]
      : [],
    onPremisesSyncEnabled: null,
    deletedDateTime: null,
  };
}

export function projectUser(
  ctx: Ctx,
  obj: Record<string, unknown>,
  sel = ctx.req.query.get('$select'),
): Record<string, unknown> {
  if (sel) return obj;
  const out: Record<string, unknown> = {};
  for (const k of USER_DEFAULT) out[k] = obj[k];
  return out;
}

export function renderGroup(g: Group): Record<string, unknown> {
  return {
    id: g.id,
    deletedDateTime: null,
    classification: null,
    createdDateTime: g.createdDateTime,
    creationOptions: g.isTeam
      ? ['Team', 'ExchangeProvisioningFlags:3552']
      : ['ExchangeProvisioningFlags:481'],
    description: g.description,
    displayName: g.displayName,
    expirationDateTime: null,
    groupTypes: ['Unified'],
    isAssignableToRole: null,
    mail: g.mail,
    mailEnabled: true,
    mailNickname: g.mailNickname,
    membershipRule: null,
    membershipRuleProcessingState: null,
    onPremisesSyncEnabled: null,
    preferredDataLocation: null,
    preferredLanguage: null,
    proxyAddresses: [`SMTP:${g.mail}`],
    renewedDateTime: g.createdDateTime,
    resourceBehaviorOptions: [],
    resourceProvisioningOptions: g.isTeam ? ['Team'] : [],
    securityEnabled: false,
    securityIdentifier: `S-1-12-1-${g.index}`,
    theme: null,
    visibility: g.visibility,
  };
}
