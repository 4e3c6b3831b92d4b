"""Data contracts shared by every part of codemix: document metadata keys, Arrow schemas, config models."""
