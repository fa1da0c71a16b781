"""The edition: its data contract, validation, loading into a `Framework`, and writing.

The first stage; it imports nothing else of the package but `paths`."""
