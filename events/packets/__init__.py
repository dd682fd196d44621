"""Catalogue packets: each approved distributor's personalised catalogue for an event.

content   reads: what a packet shows, as plain dataclasses (a fixed number of queries)
render    the PDF (WeasyPrint), the HTML e-mail and the fragments the pages reuse
services  writes: create due rows, claim and send exactly once, retry, sweep, resend
selectors reads for pages and the admin: a buyer's packet, progress counts
"""
