"""The wiring: settings, the Bolt app, the HTTP server, Socket Mode and the `mlrole` CLI."""
