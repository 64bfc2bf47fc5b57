import { describe, expect, it } from 'vitest';
import { hasPermission, isPermission, isRole, type Permission, PERMISSIONS, permissionsOf, ROLE_PERMISSIONS, type Role } from './roles.ts';

describe('role → permission map', () => {
  it.each<[Role, Permission[]]>([
    ['customer', ['users:read:self', 'users:update:self', 'orders:create', 'orders:read:own', 'orders:cancel:own']],
    ['support', ['users:read:self', 'users:update:self', 'users:read:any', 'orders:read:any']],
    ['admin', [...PERMISSIONS]],
  ])('%s holds exactly %j', (role, expected) => {
    expect([...permissionsOf([role])].sort()).toEqual([...expected].sort());
  });

  it.each<[Role, Permission, boolean]>([
    ['customer', 'orders:create', true],
    ['customer', 'orders:read:own', true],
    ['customer', 'orders:read:any', false],
    ['customer', 'users:read:any', false],
    ['customer', 'orders:cancel:any', false],
    ['customer', 'products:manage', false],
    ['customer', 'ops:health-deep', false],
    ['support', 'orders:read:any', true],
    ['support', 'users:read:any', true],
    ['support', 'orders:cancel:any', false],
    ['support', 'orders:fulfil:any', false],
    ['support', 'users:update-roles:any', false],
    ['support', 'products:manage', false],
    ['admin', 'users:update-roles:any', true],
    ['admin', 'orders:fulfil:any', true],
    ['admin', 'products:manage', true],
    ['admin', 'ops:health-deep', true],
  ])('%s may %s: %s', (role, permission, expected) => {
    expect(hasPermission([role], permission)).toBe(expected);
  });

  it('grants the union of the permissions of every role held', () => {
    // Act
    const permissions = permissionsOf(['customer', 'support']);

    // Assess
    expect(permissions.has('orders:create')).toBe(true);
    expect(permissions.has('orders:read:any')).toBe(true);
    expect(permissions.has('products:manage')).toBe(false);
  });

  it.each([[[]], [['superuser']], [['ADMIN']], [['admin ']]])('grants nothing for roles %j', (roles) => {
    expect(permissionsOf(roles).size).toBe(0);
    expect(hasPermission(roles, 'users:read:self')).toBe(false);
  });

  it('maps every role to known permissions only', () => {
    expect(Object.values(ROLE_PERMISSIONS).flat().every(isPermission)).toBe(true);
  });
});

describe('isRole', () => {
  it.each([
    ['customer', true],
    ['support', true],
    ['admin', true],
    ['Admin', false],
    ['root', false],
    ['', false],
    [undefined, false],
    [42, false],
    [['admin'], false],
  ])('%j → %s', (value, expected) => {
    expect(isRole(value)).toBe(expected);
  });
});
