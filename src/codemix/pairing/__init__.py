"""Parallel pairing: translations of one program grouped by pair key, Python as pivot, one document per direction.

`groups` holds the rules applied to one group, `programs` what a language's member is (the files of one program,
in order, under path comments), `render` the templates, `split` the cutting of over-long pairs, `quality` the pair
quality report.
The datatrove steps that run them (a keyed shuffle into buckets, then grouping) are `codemix.stages.pair`.
"""

from codemix.pairing.groups import GroupOutcome, GroupPairer, pair_id_of
from codemix.pairing.programs import Member, Program
from codemix.pairing.render import PairRenderer, normalise_code

__all__ = ["GroupOutcome", "GroupPairer", "Member", "PairRenderer", "Program", "normalise_code", "pair_id_of"]
