"""Services: one async function per thing a user does, each over one unit of work."""
