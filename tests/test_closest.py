"""The "did you mean" search gives what difflib.get_close_matches gives, on ids of every kind."""

from __future__ import annotations

import difflib
import random

from kb.model.closest import ClosePool


def _mutations(rng: random.Random, word: str) -> list[str]:
    i = rng.randrange(len(word) + 1)
    return [word[:i] + rng.choice("ax0-é") + word[i:],  # a letter added
            word[:i] + word[i + 1:],                       # dropped
            word[:i] + "z" + word[i + 1:],                 # changed
            word[::-1],                                    # reversed
            "".join(rng.choice("abc0123-") for _ in range(rng.randint(1, 10)))]  # unrelated


def test_same_answer_as_difflib_on_generated_ids():
    rng = random.Random(7)
    syllables = ["ka", "lo", "mi", "ne", "lges", "kim", "dong", "sk", "on", "한", "é"]
    pools = [
        [f"c-{i:05d}" for i in range(0, 3000, 3)],                                  # numbered claims
        [f"co-{i:04d}" for i in range(200)] + ["lges", "lges-ochang", "sk-on"],     # mixed registry
        ["-".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(400)],  # slugs
        ["a", "ab", "ba", "abc", "cab", "aaa", "b"],                                # short, with ties
    ]
    compared = 0
    for pool in pools:
        search = ClosePool(pool)
        for word in rng.sample(pool, min(30, len(pool))):
            for target in _mutations(rng, word):
                expected = difflib.get_close_matches(target, pool, n=1)
                assert search.closest(target) == (expected[0] if expected else None), (target, pool[:3])
                compared += 1
    assert compared == 3 * 30 * 5 + 7 * 5


def test_hand_picked_answers():
    search = ClosePool(["acme-springfield", "acme-springfeld2", "globex", "lges-ochang"])
    # both are one letter off (ratio 30/31): the greater word wins, as in difflib
    assert search.closest("acme-springfeld") == "acme-springfield"
    assert search.closest("lges-ochan") == "lges-ochang"
    assert search.closest("nothing-alike") is None
    assert search.closest("") is None
    ties = ClosePool(["ab", "ba"])  # the same ratio: difflib picks the greater word
    assert ties.closest("a") == "ba"
