import { InMemoryTicketStore } from './in-memory-ticket-store.ts';
import { ticketStoreContract } from './ticket-store.contract.ts';

ticketStoreContract('InMemoryTicketStore', () => new InMemoryTicketStore());
