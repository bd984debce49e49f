"""The closest word in a pool, as `difflib.get_close_matches(word, pool, n=1)` finds it, without
comparing the word with every word in the pool.

difflib keeps the words whose similarity ratio (SequenceMatcher, word as its second
sequence) is at least the cutoff, and returns the one with the highest ratio, the
greater word among equals. A ratio never exceeds the "quick ratio", twice the number
of characters two words share (counted with repeats) over their total length. So the
pool is indexed by character: token (c, k) stands for "holds at least k copies of c".
A word sharing many of the target's tokens must hold one of its rarest few; the pool
is searched through those, a few more at a time, until no word not yet seen can reach
the best ratio found. The answer is the same as difflib's (a test compares them on
generated words); only the work differs.
"""

from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher, get_close_matches


def _tokens(word: str) -> list[tuple[str, int]]:
    return [(c, k) for c, n in Counter(word).items() for k in range(1, n + 1)]


class ClosePool:
    """A pool of words, indexed for `closest`."""

    def __init__(self, words) -> None:
        self.words = sorted(set(words))
        # words with the same letters (ids that differ in the order of their digits) share one count
        signatures: dict[str, int] = {}
        self.signature: list[int] = []
        self.counts: list[Counter] = []
        self.postings: dict[tuple[str, int], list[int]] = {}
        for i, word in enumerate(self.words):
            key = "".join(sorted(word))
            if key not in signatures:
                signatures[key] = len(self.counts)
                self.counts.append(Counter(word))
            self.signature.append(signatures[key])
            for token in _tokens(word):
                self.postings.setdefault(token, []).append(i)

    def closest(self, word: str, cutoff: float = 0.6) -> str | None:
        """What `get_close_matches(word, pool, n=1, cutoff)` gives, or None where it gives []."""
        length = len(word)
        if length == 0 or not 0.0 < cutoff <= 1.0:  # a zero cutoff keeps every word: no index helps
            found = get_close_matches(word, self.words, n=1, cutoff=cutoff)
            return found[0] if found else None
        wanted = Counter(word).items()
        tokens = sorted(_tokens(word), key=lambda t: len(self.postings.get(t, ())))
        matcher = SequenceMatcher()
        matcher.set_seq2(word)  # as difflib does: the ratio is not quite symmetric
        best_ratio, best = -1.0, None
        seen: set[int] = set()
        sharing: dict[int, int] = {}  # signature -> characters shared with word
        for taken, token in enumerate(tokens, start=1):
            fresh = [i for i in self.postings.get(token, ()) if i not in seen]
            seen.update(fresh)
            scored = []
            for i in fresh:
                signature = self.signature[i]
                shared = sharing.get(signature)
                if shared is None:
                    counts = self.counts[signature]
                    shared = sharing[signature] = sum(min(counts[c], n) for c, n in wanted if c in counts)
                scored.append((2.0 * shared / (len(self.words[i]) + length), i))
            scored.sort(reverse=True)
            for quick, i in scored:
                if quick < cutoff or quick < best_ratio - 1e-9:
                    break
                candidate = self.words[i]
                matcher.set_seq1(candidate)
                ratio = matcher.ratio()
                if ratio >= cutoff and (ratio, candidate) > (best_ratio, best or ""):
                    best_ratio, best = ratio, candidate
            # every word not seen yet shares at most length - taken characters with word
            left = length - taken
            bound = 2.0 * left / (left + length) if left else 0.0
            if bound < cutoff or bound < best_ratio - 1e-9:
                break
        return best
