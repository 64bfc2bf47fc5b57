import { canonicalOrder } from '#shared/domain/orders/order.ts';
import type { OrderPage } from '#shared/domain/orders/ports.ts';

/** A page of orders as the API returns it: every order canonical. */
export const canonicalPage = (result: OrderPage): OrderPage => ({ items: result.items.map(canonicalOrder), nextCursor: result.nextCursor });
