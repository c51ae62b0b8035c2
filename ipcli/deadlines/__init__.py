"""The deadline engine (plan + profile -> every dated obligation; it knows no today beyond its
parameter) and a deadline item written in words.
"""
