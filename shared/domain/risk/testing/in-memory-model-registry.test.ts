import { InMemoryModelRegistry } from './in-memory-model-registry.ts';
import { describeModelRegistryContract } from './model-registry.contract.ts';

describeModelRegistryContract('InMemoryModelRegistry', () => new InMemoryModelRegistry());
