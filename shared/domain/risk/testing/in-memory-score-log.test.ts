import { InMemoryScoreLog } from './in-memory-score-log.ts';
import { describeScoreLogContract } from './score-log.contract.ts';

describeScoreLogContract('InMemoryScoreLog', () => new InMemoryScoreLog());
