// Shapes of the foundation API, as documented in docs/api-contract.md.

export interface Region {
  code: string;
  name: string;
}

export type Role = 'administrator' | 'custom';

export interface Me {
  user: {
    id: string;
    email: string;
    firstName: string;
    lastName: string;
    role: Role;
    permissions: string[];
    isPrimary: boolean;
  };
  account: {
    id: string;
    name: string;
    region: string;
    regionName: string;
    status: string;
    trialEndsAt: string | null;
  };
  principal: { kind: 'session' | 'token'; scopes?: string[] };
}

export interface Account {
  id: string;
  name: string;
  region: string;
  regionName: string;
  status: string;
  trialEndsAt: string | null;
  createdAt: string;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedToken {
  token: ApiToken;
  secret: string;
}

export interface PermissionCatalog {
  operations: { id: string; label: string; group: string }[];
  services: { id: string; label: string }[];
  scopes: { id: string; label: string }[];
}

export interface SignUpInput {
  firstName: string;
  lastName: string;
  email: string;
  password: string;
  confirmPassword: string;
  region: string;
}

export interface NewTokenInput {
  name: string;
  scopes: string[];
  expiresInDays: number;
}
