"""What changed in a plan: two versions compared by ids (semdiff), git's history read in plan
words (history), and a change written for a person (changewords, also commit messages).
"""
