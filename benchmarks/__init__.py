"""Benchmarks of the report build and the library's stages (`make bench`), and the synthetic
editions they scale to; not part of the installed package."""
