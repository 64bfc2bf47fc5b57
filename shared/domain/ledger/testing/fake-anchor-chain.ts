import { keccak256, toHex, type Hex } from 'viem';
import {
  AnchorRejectedError,
  ChainUnavailableError,
  type AnchorChain,
  type AnchoredLog,
  type AnchorReceipt,
  type AnchorRequest,
  type SentAnchor,
} from '../ports.ts';

interface Tx {
  sent: SentAnchor;
  request: AnchorRequest;
}
interface Block {
  hash: Hex;
  txs: { tx: Tx; status: 'success' | 'reverted'; log?: AnchoredLog }[];
}
interface State {
  blocks: Block[];
  roots: Map<number, Hex>;
  nextSeq: number;
  mempool: Tx[];
  nonce: number;
}

const copy = (state: State): State => ({
  blocks: state.blocks.map((block) => ({ ...block, txs: [...block.txs] })),
  roots: new Map(state.roots),
  nextSeq: state.nextSeq,
  mempool: [...state.mempool],
  nonce: state.nonce,
});

/** OrderLedger and a node in memory: automine or manual mining, snapshots and reverts (reorgs), outages. */
export class FakeAnchorChain implements AnchorChain {
  readonly chainId = 31337;
  readonly contract: Hex = '0x5fbdb2315678afecb367f032d93f642f64180aa3';
  automine = true;
  down = false;
  sentCount = 0;
  private state: State = { blocks: [{ hash: keccak256(toHex('genesis')), txs: [] }], roots: new Map(), nextSeq: 1, mempool: [], nonce: 0 };
  private snapshots: State[] = [];
  private salt = 0;

  private guard(): void {
    if (this.down) throw new ChainUnavailableError('fake node is down');
  }

  async sendAnchor(request: AnchorRequest, replacing?: SentAnchor): Promise<SentAnchor> {
    this.guard();
    if (!replacing) this.check(request);
    this.sentCount += 1;
    const nonce = replacing?.nonce ?? this.state.nonce + this.state.mempool.length;
    const sent: SentAnchor = {
      txHash: keccak256(toHex(`tx-${(this.salt += 1)}`)),
      nonce,
      gas: 60_000n,
      maxFeePerGas: replacing ? (replacing.maxFeePerGas * 125n) / 100n : 2_000_000_000n,
      maxPriorityFeePerGas: replacing ? (replacing.maxPriorityFeePerGas * 125n) / 100n : 1_000_000_000n,
    };
    this.state.mempool = [...this.state.mempool.filter((tx) => tx.sent.nonce !== nonce), { sent, request }];
    if (this.automine) this.mine();
    return sent;
  }

  private check(request: AnchorRequest): void {
    if (request.fromSeq !== this.state.nextSeq)
      throw new AnchorRejectedError('OutOfOrder', `expected ${this.state.nextSeq}, got ${request.fromSeq}`);
    if (request.toSeq < request.fromSeq) throw new AnchorRejectedError('EmptyRange', 'empty range');
  }

  /** Mines one block with everything in the mempool, in nonce order. */
  mine(blocks = 1): void {
    for (let index = 0; index < blocks; index += 1) {
      const number = this.state.blocks.length;
      const hash = keccak256(toHex(`block-${number}-${(this.salt += 1)}`));
      const txs = [...this.state.mempool]
        .sort((a, b) => a.sent.nonce - b.sent.nonce)
        .map((tx, logIndex) => {
          try {
            this.check(tx.request);
          } catch {
            return { tx, status: 'reverted' as const };
          }
          const batchId = this.state.roots.size + 1;
          this.state.roots.set(batchId, tx.request.root);
          this.state.nextSeq = tx.request.toSeq + 1;
          return {
            tx,
            status: 'success' as const,
            log: {
              batchId,
              root: tx.request.root,
              fromSeq: tx.request.fromSeq,
              toSeq: tx.request.toSeq,
              txHash: tx.sent.txHash,
              blockNumber: number,
              blockHash: hash,
              logIndex,
            },
          };
        });
      this.state.nonce += this.state.mempool.length;
      this.state.mempool = [];
      this.state.blocks.push({ hash, txs });
    }
  }

  snapshot(): number {
    this.snapshots.push(copy(this.state));
    return this.snapshots.length - 1;
  }

  /** Back to the snapshot: blocks, roots and mined transactions after it are gone (and not in the mempool). */
  revert(id: number): void {
    this.state = copy(this.snapshots[id]!);
  }

  /** Drops a transaction from the mempool, as a node does under fee pressure. */
  drop(txHash: Hex): void {
    this.state.mempool = this.state.mempool.filter((tx) => tx.sent.txHash !== txHash);
  }

  async receipt(txHash: Hex): Promise<AnchorReceipt | null> {
    this.guard();
    for (const [blockNumber, block] of this.state.blocks.entries()) {
      const mined = block.txs.find((candidate) => candidate.tx.sent.txHash === txHash);
      if (mined)
        return {
          txHash,
          status: mined.status,
          blockNumber,
          blockHash: block.hash,
          gasUsed: 54_000n,
          effectiveGasPrice: 1_000_000_000n,
          batchId: mined.log?.batchId,
        };
    }
    return null;
  }

  async isKnown(txHash: Hex): Promise<boolean> {
    this.guard();
    return this.state.mempool.some((tx) => tx.sent.txHash === txHash) || (await this.receipt(txHash)) !== null;
  }

  async rootOf(batchId: number): Promise<Hex | null> {
    this.guard();
    return this.state.roots.get(batchId) ?? null;
  }

  async nextSeq(): Promise<number> {
    this.guard();
    return this.state.nextSeq;
  }

  async headBlock(): Promise<number> {
    this.guard();
    return this.state.blocks.length - 1;
  }

  async blockHash(blockNumber: number): Promise<Hex | null> {
    this.guard();
    return this.state.blocks[blockNumber]?.hash ?? null;
  }

  async anchoredLogs(fromBlock: number, toBlock: number): Promise<AnchoredLog[]> {
    this.guard();
    return this.state.blocks.slice(fromBlock, toBlock + 1).flatMap((block) => block.txs.flatMap((tx) => (tx.log ? [tx.log] : [])));
  }
}
