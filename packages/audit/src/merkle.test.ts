/** The RFC 6962 tree over the chain heads (issue 13 §6): reference vectors, inclusion proofs, tampering. */
import { describe, expect, it } from 'vitest';
import {
  EMPTY_ROOT,
  chainHeadsRoot,
  chainInclusionProof,
  chainLeafBytes,
  inclusionProof,
  leafHash,
  merkleRoot,
  nodeHash,
  rootFromInclusionProof,
  sortChainLeaves,
  verifyChainInclusion,
  verifyInclusion,
  type ChainInclusionProof,
} from './merkle.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const unhex = (s: string) => Buffer.from(s, 'hex');

// The reference inputs and roots of the certificate-transparency implementations (RFC 6962 trees of the
// first n of these leaves; also in transparency-dev/merkle's test data).
const INPUTS = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(unhex);
const LEAVES = INPUTS.map(leafHash);
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

describe('tree hash (RFC 6962 §2.1)', () => {
  it.each(ROOTS.map((root, size) => ({ size, root })))('MTH of the first $size reference leaves is $root', ({ size, root }) => {
    expect(hex(merkleRoot(LEAVES.slice(0, size)))).toBe(root);
  });

  it('the empty tree is SHA-256 of nothing; leaves and nodes are domain-separated', () => {
    expect(hex(EMPTY_ROOT)).toBe(ROOTS[0]);
    expect(hex(nodeHash(LEAVES[0]!, LEAVES[1]!))).toBe(ROOTS[2]);
    // A two-leaf node is not the leaf hash of the concatenation (no second-preimage by re-reading a node as a leaf).
    expect(hex(leafHash(Buffer.concat([LEAVES[0]!, LEAVES[1]!])))).not.toBe(ROOTS[2]);
  });

  it.each([
    { name: 'a 31-byte child', l: Buffer.alloc(31), r: Buffer.alloc(32) },
    { name: 'a 33-byte child', l: Buffer.alloc(32), r: Buffer.alloc(33) },
  ])('refuses $name', ({ l, r }) => {
    expect(() => nodeHash(l, r)).toThrow(RangeError);
    expect(() => merkleRoot([l, r])).toThrow(RangeError);
  });
});

describe('inclusion proofs (RFC 6962 §2.1.1, RFC 9162 §2.1.3.2)', () => {
  it.each([
    { index: 0, size: 1, path: [] as string[] },
    { index: 0, size: 2, path: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7'] },
    { index: 1, size: 2, path: ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d'] },
    { index: 2, size: 3, path: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
    {
      index: 1,
      size: 5,
      path: [
        '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
        '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
        'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      ],
    },
    {
      index: 0,
      size: 8,
      path: [
        '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
        '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
        '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
      ],
    },
    {
      index: 5,
      size: 8,
      path: [
        'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
        'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
        'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      ],
    },
  ])('PATH($index, D[$size]) is the reference path and verifies', ({ index, size, path }) => {
    const leaves = LEAVES.slice(0, size);
    const proof = inclusionProof(leaves, index);
    expect(proof.map(hex)).toEqual(path);
    expect(verifyInclusion(LEAVES[index]!, index, size, proof, unhex(ROOTS[size]!))).toBe(true);
  });

  it('every leaf of every tree up to 33 leaves proves its inclusion', () => {
    const leaves = Array.from({ length: 33 }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));
    for (let n = 1; n <= leaves.length; n++) {
      const root = merkleRoot(leaves.slice(0, n));
      for (let m = 0; m < n; m++) expect(verifyInclusion(leaves[m]!, m, n, inclusionProof(leaves.slice(0, n), m), root), `${m} of ${n}`).toBe(true);
    }
  });

  const size = 7;
  const index = 4;
  const tree = LEAVES.slice(0, size);
  const root = unhex(ROOTS[size]!);
  const good = inclusionProof(tree, index);
  const flip = (b: Buffer) => {
    const c = Buffer.from(b);
    c[0]! ^= 1;
    return c;
  };
  it.each([
    { name: 'a changed sibling hash', leaf: LEAVES[index]!, at: index, n: size, proof: [good[0]!, flip(good[1]!), ...good.slice(2)] },
    { name: 'another leaf', leaf: LEAVES[index + 1]!, at: index, n: size, proof: good },
    { name: 'the wrong index', leaf: LEAVES[index]!, at: index + 1, n: size, proof: good },
    // (A proof alone does not always pin the size — index 4 of 7 and of 8 have paths of the same shape —
    // so callers also compare the proof's size with the signed root's treeSize.)
    { name: 'the wrong tree size', leaf: LEAVES[index]!, at: index, n: size - 2, proof: good },
    { name: 'a proof one hash short', leaf: LEAVES[index]!, at: index, n: size, proof: good.slice(0, -1) },
    { name: 'a proof one hash long', leaf: LEAVES[index]!, at: index, n: size, proof: [...good, good[0]!] },
    { name: 'reordered siblings', leaf: LEAVES[index]!, at: index, n: size, proof: [...good].reverse() },
    { name: 'an index past the tree', leaf: LEAVES[index]!, at: size, n: size, proof: good },
    { name: 'a negative index', leaf: LEAVES[index]!, at: -1, n: size, proof: good },
    { name: 'a truncated hash', leaf: LEAVES[index]!, at: index, n: size, proof: [good[0]!.subarray(0, 31), ...good.slice(1)] },
    { name: 'an empty tree', leaf: LEAVES[0]!, at: 0, n: 0, proof: [] },
  ])('a tampered proof is refused: $name', ({ leaf, at, n, proof }) => {
    expect(verifyInclusion(LEAVES[index]!, index, size, good, root)).toBe(true);
    expect(verifyInclusion(leaf, at, n, proof, root)).toBe(false);
  });

  it('rootFromInclusionProof names the root a proof leads to, null for an impossible proof', () => {
    expect(hex(rootFromInclusionProof(LEAVES[index]!, index, size, good)!)).toBe(ROOTS[size]);
    expect(rootFromInclusionProof(LEAVES[index]!, index, size, good.slice(0, -1))).toBeNull();
  });
});

describe('chain heads as leaves', () => {
  const h = (c: string) => c.repeat(64);
  const heads = [
    { chain: 'project:10', hash: h('b') },
    { chain: 'platform', hash: h('a') },
    { chain: 'project:2', hash: h('c') },
    { chain: 'project:1', hash: h('d') },
  ];

  it('leaf bytes are UTF-8(chain) ‖ 0x00 ‖ the 32 head-hash bytes — no seq', () => {
    const b = chainLeafBytes('project:7', h('e'));
    expect(b.length).toBe('project:7'.length + 1 + 32);
    expect(b.subarray(0, 9).toString('utf8')).toBe('project:7');
    expect(b[9]).toBe(0);
    expect(hex(b.subarray(10))).toBe(h('e'));
  });

  it.each([
    { name: 'an upper-case hash', chain: 'platform', hash: h('A') },
    { name: 'a short hash', chain: 'platform', hash: 'ab' },
    { name: 'an empty chain id', chain: '', hash: h('a') },
    { name: 'a NUL in the chain id', chain: 'project:1\u0000', hash: h('a') },
  ])('refuses $name', ({ chain, hash }) => {
    expect(() => chainLeafBytes(chain, hash)).toThrow(RangeError);
  });

  it('leaves are sorted by chain id in byte order; a chain listed twice is refused', () => {
    expect(sortChainLeaves(heads).map((x) => x.chain)).toEqual(['platform', 'project:1', 'project:10', 'project:2']);
    expect(() => sortChainLeaves([...heads, { chain: 'platform', hash: h('f') }])).toThrow(/twice/);
    // The order given does not matter.
    expect(chainHeadsRoot(heads)).toEqual(chainHeadsRoot([...heads].reverse()));
    expect(chainHeadsRoot(heads).treeSize).toBe(4);
    expect(chainHeadsRoot([])).toEqual({ root: ROOTS[0], treeSize: 0 });
  });

  it.each(heads.map((x) => ({ chain: x.chain })))('the head of $chain proves its inclusion in the root', ({ chain }) => {
    const { root } = chainHeadsRoot(heads);
    const p = chainInclusionProof(heads, chain)!;
    expect(p.treeSize).toBe(4);
    expect(p.headHash).toBe(heads.find((x) => x.chain === chain)!.hash);
    expect(verifyChainInclusion(p, root)).toBe(true);
  });

  const { root } = chainHeadsRoot(heads);
  const p = chainInclusionProof(heads, 'project:2')!;
  it.each<{ name: string; proof: ChainInclusionProof; root?: string }>([
    { name: 'another head hash (a rewritten chain)', proof: { ...p, headHash: h('9') } },
    { name: 'another chain claiming the leaf', proof: { ...p, chain: 'project:3' } },
    { name: 'a changed path hash', proof: { ...p, hashes: [h('0'), ...p.hashes.slice(1)] } },
    { name: 'a path hash that is not hex', proof: { ...p, hashes: ['zz', ...p.hashes.slice(1)] } },
    { name: 'the wrong leaf index', proof: { ...p, leafIndex: p.leafIndex - 1 } },
    { name: 'the wrong tree size', proof: { ...p, treeSize: 5 } },
    { name: 'another root', proof: p, root: h('7') },
    { name: 'a root that is not hex', proof: p, root: 'root' },
  ])('verifyChainInclusion refuses $name', ({ proof, root: r }) => {
    expect(verifyChainInclusion(proof, r ?? root)).toBe(false);
  });

  it('a chain that is not a leaf has no proof', () => {
    expect(chainInclusionProof(heads, 'project:99')).toBeNull();
  });
});
