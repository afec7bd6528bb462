/**
 * The fixed demo app registration and demo tenant of the simulated Microsoft 365 tenant.
 * The product's development configuration points at these; they are meaningless anywhere
 * but the simulator.
 */

/** Application (client) id of the Bulwark demo app registration. */
export const DEMO_CLIENT_ID = '00000000-0000-0000-0000-00000000b0a1';

/** Client secret of the demo app registration (value, as shown once in the Entra portal). */
export const DEMO_CLIENT_SECRET = 'sim~BulwarkDemoSecret.0000000000000000';

/** Directory (tenant) id of the demo company. */
export const DEMO_TENANT_ID = '7a1e5b2c-0d3f-4e6a-9b8c-5d4e3f2a1b0c';

/** The demo company's initial (onmicrosoft.com) and vanity domain. */
export const DEMO_TENANT_DOMAIN = 'larkspurlogistics.onmicrosoft.com';
export const DEMO_VANITY_DOMAIN = 'larkspur.example';
export const DEMO_COMPANY_NAME = 'Larkspur Logistics';

/**
 * Redirect URIs registered on the demo app. Any `http://localhost:*` and
 * `http://127.0.0.1:*` URI is also accepted (Entra ID allows any port on loopback
 * redirect URIs of public/native apps; the simulator extends that to the web app).
 */
export const DEMO_REDIRECT_URIS: readonly string[] = [
  'http://localhost:8787/api/m365/consent/callback',
  'http://localhost:8787/api/auth/microsoft/callback',
];

/** Application permissions (app roles) the demo app requests and admins consent to. */
export const DEMO_APP_ROLES: readonly string[] = [
  'User.Read.All',
  'Group.Read.All',
  'Directory.Read.All',
  'Mail.ReadWrite',
  'Contacts.ReadWrite',
  'Calendars.ReadWrite',
  'Tasks.ReadWrite.All',
  'Files.ReadWrite.All',
  'Sites.ReadWrite.All',
  'Team.ReadBasic.All',
  'Channel.ReadBasic.All',
  'ChannelMessage.Read.All',
  'Teamwork.Migrate.All',
  'Group.ReadWrite.All',
];

/** Password every simulated portal user signs in with (OIDC authorization-code flow). */
export const DEMO_USER_PASSWORD = 'Sim-Passw0rd!';
