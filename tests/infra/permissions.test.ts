import { describe, expect, it } from 'vitest';
import { wideningsOf, type PermissionTable } from './permissions.ts';

const row = (actions: string[], dynamodbKeys: string[], resources = ['Table']) => ({ actions, dynamodbKeys, resources });
const allowed: PermissionTable = { ListProducts: row(['dynamodb:GetItem', 'dynamodb:PutItem'], ['CACHE#CATALOG']) };

describe('wideningsOf', () => {
  it.each<[string, PermissionTable, string[]]>([
    ['nothing for the same grants', { ListProducts: row(['dynamodb:GetItem', 'dynamodb:PutItem'], ['CACHE#CATALOG']) }, []],
    ['nothing for narrower grants', { ListProducts: row(['dynamodb:GetItem'], ['CACHE#CATALOG']) }, []],
    ['a new action', { ListProducts: row(['dynamodb:DeleteItem'], ['CACHE#CATALOG']) }, ['ListProducts: new action dynamodb:DeleteItem']],
    ['a dropped LeadingKeys condition', { ListProducts: row(['dynamodb:GetItem'], ['*']) }, ['ListProducts: new key prefix *']],
    [
      'a new resource',
      { ListProducts: row(['dynamodb:GetItem'], ['CACHE#CATALOG'], ['Table', 'Other']) },
      ['ListProducts: new resource Other'],
    ],
    ['a function nobody reviewed', { Sneaky: row([], []) }, ['Sneaky: not in the expected table']],
  ])('reports %s', (_case, actual, expected) => {
    expect(wideningsOf(actual, allowed)).toEqual(expected);
  });
});
