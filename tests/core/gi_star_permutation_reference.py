#!/usr/bin/python3
"""Independent reference for tecsmap's conditional-permutation pseudo p-values of Gi*.

Re-implements, from the written definition in docs/methods.md ("Hot spots"), in Python with
numpy and plain integers:
  - the random streams: key = mix64(seed XOR mix64(i + 0x9E3779B97F4A7C15)); xoshiro256**
    state = four successive splitmix64 outputs from the key; integers in [0, m) by Lemire's
    multiply-and-reject method;
  - the draw: for each permutation, a partial Fisher-Yates shuffle of the identity arrangement
    of the n-1 other communes (slot t swapped with slot t + below(n-1-t)), the first k slots
    being the values given to i's k other neighbours;
  - p = (min(#perm >= obs, #perm <= obs) + 1) / (permutations + 1), ties within
    1e-10 * (k + 1) * max|x| counting in both tails.

Usage: gi_star_permutation_reference.py INSTANCE.json
INSTANCE.json: {"values": [...], "neighbours": [[...], ...], "permutations": P, "seed": S}
Prints one line per commune: the p-value with 17 significant digits, or "island".
"""
import json
import sys

import numpy as np

M64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def mix64(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M64


class Stream:
    def __init__(self, seed, item):
        sm = mix64(seed ^ mix64((item + GOLDEN) & M64))
        self.s = []
        for _ in range(4):
            sm = (sm + GOLDEN) & M64
            self.s.append(mix64(sm))

    def next(self):
        s = self.s
        result = (rotl((s[1] * 5) & M64, 7) * 9) & M64
        t = (s[1] << 17) & M64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def below(self, m):
        product = self.next() * m
        low = product & M64
        if low < m:
            threshold = (1 << 64) % m  # == (2^64 - m) mod m
            while low < threshold:
                product = self.next() * m
                low = product & M64
        return product >> 64


def p_values(values, neighbours, permutations, seed):
    x = np.asarray(values, dtype=np.float64)
    n = len(x)
    scale = float(np.max(np.abs(x))) if n else 0.0
    out = []
    for i in range(n):
        others = [j for j in neighbours[i] if j != i]
        if not others:
            out.append(None)
            continue
        k = len(others)
        pool = np.delete(x, i)  # the other communes' values, in commune order
        observed = x[i] + x[others].sum()
        rng = Stream(seed, i)
        sums = np.empty(permutations)
        for p in range(permutations):
            slots = {}  # sparse arrangement of range(n - 1), identity where absent
            drawn = []
            for t in range(k):
                r = t + rng.below(n - 1 - t)
                a, b = slots.get(t, t), slots.get(r, r)
                slots[t], slots[r] = b, a
                drawn.append(slots[t])
            sums[p] = x[i] + pool[drawn].sum()
        tol = 1e-10 * (k + 1) * scale
        at_least = int(np.count_nonzero(sums >= observed - tol))
        at_most = int(np.count_nonzero(sums <= observed + tol))
        out.append((min(at_least, at_most) + 1) / (permutations + 1))
    return out


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        inst = json.load(f)
    for p in p_values(inst["values"], inst["neighbours"], inst["permutations"], inst["seed"]):
        print("island" if p is None else repr(float(p)))


if __name__ == "__main__":
    main()
