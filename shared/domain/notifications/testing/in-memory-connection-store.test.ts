import { connectionStoreContract } from './connection-store.contract.ts';
import { InMemoryConnectionStore } from './in-memory-connection-store.ts';

connectionStoreContract(
  'InMemoryConnectionStore',
  () => new InMemoryConnectionStore(),
  () => new InMemoryConnectionStore(),
);
