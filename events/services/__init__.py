"""What changes the events app's data: one module a subject, each change in a transaction."""
