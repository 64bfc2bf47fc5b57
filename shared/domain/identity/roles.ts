export const ROLES = ['customer', 'support', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What a new account gets. */
export const DEFAULT_ROLES: readonly Role[] = ['customer'];

/** `resource:action[:scope]`: `self` is the caller's own account, `own` what the caller owns, `any` anyone's. */
export const PERMISSIONS = [
  'users:read:self',
  'users:update:self',
  'users:read:any',
  'users:update-roles:any',
  'orders:create',
  'orders:read:own',
  'orders:read:any',
  'orders:cancel:own',
  'orders:cancel:any',
  'orders:fulfil:any',
  'products:manage',
  'ops:health-deep',
  'risk:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const SELF_SERVICE: readonly Permission[] = ['users:read:self', 'users:update:self'];

/** The only place that says who may do what. Support reads any user or order; admin may do everything. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  customer: [...SELF_SERVICE, 'orders:create', 'orders:read:own', 'orders:cancel:own'],
  support: [...SELF_SERVICE, 'users:read:any', 'orders:read:any'],
  admin: PERMISSIONS,
};

const ROLE_SET: ReadonlySet<string> = new Set(ROLES);
const PERMISSION_SET: ReadonlySet<string> = new Set(PERMISSIONS);

export const isRole = (value: unknown): value is Role => typeof value === 'string' && ROLE_SET.has(value);

export const isPermission = (value: unknown): value is Permission => typeof value === 'string' && PERMISSION_SET.has(value);

/** The union of the permissions of every role held; unknown roles (say, from an old token) grant nothing. */
export const permissionsOf = (roles: readonly string[]): ReadonlySet<Permission> =>
  new Set(roles.filter(isRole).flatMap((role) => ROLE_PERMISSIONS[role]));

export const hasPermission = (roles: readonly string[], permission: Permission): boolean =>
  roles.some((role) => isRole(role) && ROLE_PERMISSIONS[role].includes(permission));
