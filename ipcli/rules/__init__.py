"""Rules that check a loaded plan beyond its schema, one module per family."""
