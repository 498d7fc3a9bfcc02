"""Stand-ins for Slack that speak its real protocols over loopback: the Web API, signing, Socket Mode."""
