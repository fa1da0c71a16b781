"""What a reader sees: figures, tables, prose and its escaping, for the chapter notebooks."""
