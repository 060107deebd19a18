"""Messages to applicants who agreed to them (issue 15): queued at the city when a step arrives (desks
never send: they may be offline), sent once through the gateway the city configured.

templates.py  the wording per step, published by the city (forms/notify/templates.json)
outbox.py     the queue keyed by the step's event id, filled at ingest, and its states
gateways.py   HTTP SMS, Zalo template messages, a file sink for trials: one small interface
sender.py     claims due messages, respects quiet hours and per-number limits, retries with backoff
"""
