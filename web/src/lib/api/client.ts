import { hc } from 'hono/client';
import type { AppType } from '../../../../workers/app';

export const api = hc<AppType>('/');
