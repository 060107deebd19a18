"""The city console: web pages served by the city server for the people who run the 126 points from the
centre (accounts, sessions and CSRF, a hash-chained audit log, the dashboard of all points, a point's
page). Its own package: app.py only includes its router; it reads the server's tables and the shared
domain, nothing of the desk."""
