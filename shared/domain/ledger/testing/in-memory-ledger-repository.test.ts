import { InMemoryLedgerRepository } from './in-memory-ledger-repository.ts';
import { ledgerRepositoryContract } from './ledger-repository.contract.ts';

ledgerRepositoryContract('InMemoryLedgerRepository', async () => {
  const repo = new InMemoryLedgerRepository();
  return { repo, addEvent: async (event) => repo.addEvent(event) };
});
