import { hasPermission, type Permission } from '#shared/domain/identity/roles.ts';

/** Every order's updates: for support and admin. A user's own orders need no channel: they always arrive. */
export const ORDERS_ALL = 'orders:all';

export const CHANNELS = [ORDERS_ALL] as const;
export type Channel = (typeof CHANNELS)[number];

/** The same permissions as HTTP: following every order is reading any order. */
const CHANNEL_PERMISSION: Readonly<Record<Channel, Permission>> = {
  'orders:all': 'orders:read:any',
};

export const isChannel = (value: unknown): value is Channel => typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);

export const maySubscribe = (roles: readonly string[], channel: Channel): boolean => hasPermission(roles, CHANNEL_PERMISSION[channel]);
