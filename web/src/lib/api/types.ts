// Shapes of the API as the typed client sees them: derived from the Worker's route
// definitions (zod schemas), so the portal cannot drift from the API.
import type { InferRequestType, InferResponseType } from 'hono/client';
import type { api } from './client';

type V1 = typeof api.api.v1;

export type Region = InferResponseType<V1['regions']['$get'], 200>['regions'][number];
export type Me = InferResponseType<V1['me']['$get'], 200>;
export type Role = Me['user']['role'];
export type Permission = Me['user']['permissions'][number];
export type Account = InferResponseType<V1['account']['$get'], 200>;
export type AccountStatus = Account['status'];
export type ApiToken = InferResponseType<V1['tokens']['$get'], 200>['tokens'][number];
export type CreatedToken = InferResponseType<V1['tokens']['$post'], 201>;
export type PermissionCatalog = InferResponseType<V1['permissions']['$get'], 200>;

export type SignUpInput = InferRequestType<V1['auth']['signup']['$post']>['json'];
export type NewTokenInput = InferRequestType<V1['tokens']['$post']>['json'];
