"""codemix.laws: scaling-law fitting and the per-language token allocation.

Depends only on numpy, scipy, the standard library and `codemix.schemas` (never on the pipeline):
it reads runs and plans, writes fits and allocations. See docs/laws.md.
"""
