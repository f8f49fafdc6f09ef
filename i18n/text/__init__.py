"""The catalog's parts, one module per area; each defines TEXT = {key: {"zh": ..., "en": ...}}."""
