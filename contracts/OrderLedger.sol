// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title Orderly order ledger anchor
/// @notice Stores the Merkle roots of consecutive batches of order-event hashes, so anyone holding an order's proof
/// can check it against this contract alone. Leaves and proofs follow OpenZeppelin's StandardMerkleTree
/// (docs/ledger.md). Batches cover contiguous, gap-free ranges of the ledger sequence, starting at 1.
contract OrderLedger {
    /// @dev owner, batchCount and nextSeq share one storage slot: one read and one write per anchor.
    address public owner;
    uint32 public batchCount;
    uint64 public nextSeq = 1;

    mapping(uint256 batchId => bytes32 root) private roots;

    event Anchored(uint256 indexed batchId, bytes32 indexed root, uint64 fromSeq, uint64 toSeq);
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    error NotOwner(address caller);
    error EmptyRoot();
    error OutOfOrder(uint64 expectedFromSeq, uint64 fromSeq);
    error EmptyRange(uint64 fromSeq, uint64 toSeq);
    error ZeroAddress();

    constructor() {
        owner = msg.sender;
        emit OwnershipTransferred(address(0), msg.sender);
    }

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    /// @notice Anchors the root of the batch holding ledger entries fromSeq..toSeq (inclusive).
    /// @dev The range must continue the previous batch exactly, so one range can never be anchored twice.
    function anchor(bytes32 root, uint64 fromSeq, uint64 toSeq) external onlyOwner returns (uint256 batchId) {
        if (root == bytes32(0)) revert EmptyRoot();
        if (fromSeq != nextSeq) revert OutOfOrder(nextSeq, fromSeq);
        if (toSeq < fromSeq) revert EmptyRange(fromSeq, toSeq);
        batchId = ++batchCount;
        nextSeq = toSeq + 1;
        roots[batchId] = root;
        emit Anchored(batchId, root, fromSeq, toSeq);
    }

    /// @notice The root anchored as batchId, or zero when there is no such batch.
    function rootOf(uint256 batchId) external view returns (bytes32) {
        return roots[batchId];
    }

    /// @notice True when proof leads from leaf to the root of batchId (sorted-pair keccak256, as MerkleProof.verify).
    function verify(bytes32[] calldata proof, bytes32 leaf, uint256 batchId) external view returns (bool) {
        bytes32 root = roots[batchId];
        if (root == bytes32(0)) return false;
        bytes32 node = leaf;
        for (uint256 i = 0; i < proof.length; ++i) {
            bytes32 sibling = proof[i];
            node = node < sibling ? keccak256(abi.encodePacked(node, sibling)) : keccak256(abi.encodePacked(sibling, node));
        }
        return node == root;
    }

    function transferOwnership(address newOwner) external onlyOwner {
        if (newOwner == address(0)) revert ZeroAddress();
        emit OwnershipTransferred(owner, newOwner);
        owner = newOwner;
    }
}
