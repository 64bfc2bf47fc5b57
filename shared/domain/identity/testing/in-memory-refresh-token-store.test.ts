import { describeRefreshTokenStoreContract } from './refresh-token-store.contract.ts';
import { InMemoryRefreshTokenStore } from './in-memory-refresh-token-store.ts';

describeRefreshTokenStoreContract('InMemoryRefreshTokenStore', () => new InMemoryRefreshTokenStore());
