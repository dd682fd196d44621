"""Pure-Python matchmaking engines: scoring and scheduling.

Nothing in this package imports Django: engines take plain data (dataclasses, lists,
numpy arrays) and return plain data, so they run in tests, benchmarks and Celery tasks alike.
"""
