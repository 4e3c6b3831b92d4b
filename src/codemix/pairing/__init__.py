"""Parallel pairing: translations of one program grouped by pair key, Python as pivot, one document per direction.

`steps` holds the two datatrove steps (keyed shuffle into buckets, then grouping), `groups` the rules applied
to one group, `render` the templates.
"""

from codemix.pairing.groups import GroupOutcome, GroupPairer, Member, pair_id_of
from codemix.pairing.render import LANGUAGE_DISPLAY_NAMES, PairRenderer, normalise_code
from codemix.pairing.steps import BucketPairCandidates, GroupPairs, bucket_of, build_pairing_steps, load_used_ids

__all__ = [
    "BucketPairCandidates",
    "GroupOutcome",
    "GroupPairer",
    "GroupPairs",
    "LANGUAGE_DISPLAY_NAMES",
    "Member",
    "PairRenderer",
    "bucket_of",
    "build_pairing_steps",
    "load_used_ids",
    "normalise_code",
    "pair_id_of",
]
