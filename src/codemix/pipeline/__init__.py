"""From a validated config to a built corpus: executors, inventory, plan, shards, manifest (see build.py)."""
