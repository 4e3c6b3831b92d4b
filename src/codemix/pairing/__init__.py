"""Parallel pairing: translations of one program grouped by pair key, Python as pivot, one document per direction.

`groups` holds the rules applied to one group, `render` the templates, `split` the cutting of over-long pairs.
The datatrove steps that run them (a keyed shuffle into buckets, then grouping) are `codemix.stages.pair`.
"""

from codemix.pairing.groups import GroupOutcome, GroupPairer, Member, pair_id_of
from codemix.pairing.render import PairRenderer, normalise_code

__all__ = ["GroupOutcome", "GroupPairer", "Member", "PairRenderer", "normalise_code", "pair_id_of"]
