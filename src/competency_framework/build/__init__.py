"""The report build: the chapter manifest, what each notebook run reads, kernels, running the
notebooks, the front matter, and handing the book to a renderer."""
