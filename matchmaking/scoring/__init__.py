"""Django side of the matchmaking scores: load the engine's inputs, store and read scores.

``inputs`` loads products, needs, signals and weights in a fixed number of queries;
``services`` stores scores (``MatchScore``); ``tasks`` re-scores in the background;
``selectors`` feed the suggestion pages and dashboard includes.
"""
