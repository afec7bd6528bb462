import type { Component } from 'svelte';
import { matchPattern } from '../lib/url';
import Activate from './Activate.svelte';
import Activity from './Activity.svelte';
import AddTask from './AddTask.svelte';
import ApiReference from './ApiReference.svelte';
import Billing from './Billing.svelte';
import ForgotPassword from './ForgotPassword.svelte';
import Home from './Home.svelte';
import Jobs from './Jobs.svelte';
import MailboxDetail from './MailboxDetail.svelte';
import NotFound from './NotFound.svelte';
import Recovery from './Recovery.svelte';
import ResetPassword from './ResetPassword.svelte';
import SignIn from './SignIn.svelte';
import SignUp from './SignUp.svelte';
import TaskPage from './TaskPage.svelte';
import Support from './Support.svelte';
import SettingsAccount from './settings/Account.svelte';
import SettingsApiTokens from './settings/ApiTokens.svelte';
import SettingsIntegrations from './settings/Integrations.svelte';
import SettingsNotifications from './settings/Notifications.svelte';
import SettingsSecurity from './settings/Security.svelte';
import SettingsUsers from './settings/Users.svelte';

/**
 * guest: only when signed out (signed-in users go to the Homepage);
 * public: anyone; private: signed in (others go to Sign In).
 */
export type Access = 'guest' | 'public' | 'private';

/**
 * auth: the narrow signed-out layout; portal: the navigation shell;
 * adaptive: the shell when signed in, a wide public page otherwise.
 */
export type Layout = 'auth' | 'portal' | 'adaptive';

export interface RouteDef {
  path: string;
  title: string;
  access: Access;
  layout: Layout;
  component: Component;
}

export const routes: RouteDef[] = [
  { path: '/signin', title: 'Sign In', access: 'guest', layout: 'auth', component: SignIn },
  { path: '/signup', title: 'Sign up', access: 'guest', layout: 'auth', component: SignUp },
  {
    path: '/forgot-password',
    title: 'Password Reset',
    access: 'guest',
    layout: 'auth',
    component: ForgotPassword,
  },
  {
    path: '/activate',
    title: 'Activate your account',
    access: 'public',
    layout: 'auth',
    component: Activate,
  },
  {
    path: '/reset-password',
    title: 'Change Your Password',
    access: 'public',
    layout: 'auth',
    component: ResetPassword,
  },
  { path: '/', title: 'Homepage', access: 'private', layout: 'portal', component: Home },
  {
    path: '/tasks/new',
    title: 'Add backup task',
    access: 'private',
    layout: 'portal',
    component: AddTask,
  },
  {
    path: '/tasks/:taskId',
    title: 'Backup task',
    access: 'private',
    layout: 'portal',
    component: TaskPage,
  },
  {
    path: '/tasks/:taskId/mailboxes/:entityId',
    title: 'Mailbox backups',
    access: 'private',
    layout: 'portal',
    component: MailboxDetail,
  },
  { path: '/jobs', title: 'Jobs', access: 'private', layout: 'portal', component: Jobs },
  {
    path: '/recovery',
    title: 'Recovery',
    access: 'private',
    layout: 'portal',
    component: Recovery,
  },
  {
    path: '/activity',
    title: 'Activity',
    access: 'private',
    layout: 'portal',
    component: Activity,
  },
  { path: '/billing', title: 'Billing', access: 'private', layout: 'portal', component: Billing },
  { path: '/support', title: 'Support', access: 'private', layout: 'portal', component: Support },
  // Settings in the guide's order (7.2–7.6), then API tokens.
  {
    path: '/settings/account',
    title: 'Settings › Account',
    access: 'private',
    layout: 'portal',
    component: SettingsAccount,
  },
  {
    path: '/settings/users',
    title: 'Settings › User Management',
    access: 'private',
    layout: 'portal',
    component: SettingsUsers,
  },
  {
    path: '/settings/security',
    title: 'Settings › Security',
    access: 'private',
    layout: 'portal',
    component: SettingsSecurity,
  },
  {
    path: '/settings/notifications',
    title: 'Settings › Notifications',
    access: 'private',
    layout: 'portal',
    component: SettingsNotifications,
  },
  {
    path: '/settings/integrations',
    title: 'Settings › Integrations',
    access: 'private',
    layout: 'portal',
    component: SettingsIntegrations,
  },
  {
    path: '/settings/api-tokens',
    title: 'Settings › API tokens',
    access: 'private',
    layout: 'portal',
    component: SettingsApiTokens,
  },
  {
    path: '/api-reference',
    title: 'API reference',
    access: 'public',
    layout: 'adaptive',
    component: ApiReference,
  },
];

const redirects: Record<string, string> = {
  '/settings': '/settings/account',
  // Change Password lives under Settings › Security, as in the guide.
  '/settings/password': '/settings/security',
  '/login': '/signin',
  '/sign-in': '/signin',
  '/sign-up': '/signup',
};

const notFound: RouteDef = {
  path: '*',
  title: 'Page not found',
  access: 'public',
  layout: 'adaptive',
  component: NotFound,
};

export function redirectFor(path: string): string | undefined {
  return redirects[path];
}

export function matchRoute(path: string): RouteDef {
  // Exact paths first, so /tasks/new is not taken for a task id.
  return (
    routes.find((r) => r.path === path) ??
    routes.find((r) => matchPattern(r.path, path) !== null) ??
    notFound
  );
}
