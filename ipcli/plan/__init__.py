"""One plan file: read with positions, validated against the schema, built into typed objects;
what can be wrong with it (Finding, the codes), the rule profiles, and redaction. Knows
nothing of repositories, git, caches or today.
"""
