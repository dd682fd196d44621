"""The life cycle of an event's B2B meeting schedule, around the pure engine
(``matchmaking.engine.scheduling``):

- ``selectors``: the engine's Problem for an event, read in a fixed number of queries;
- ``services``: queue and execute a run (a draft), edit a draft by hand (move, swap, pin),
  publish it as the next version and tell the participants whose meetings changed;
- ``review``: what organisers see before publishing (the grid, the warnings);
- ``agenda``, ``calendar``, ``pdf``: what participants see (page, .ics, printable agenda);
- ``feedback``: ratings after a meeting, follow-ups 3 and 6 months after the event;
- ``emails``, ``tasks``: the e-mails and the Celery tasks that send them.
"""
