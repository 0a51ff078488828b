"""The manager's face: a small server-rendered admin web over core."""
