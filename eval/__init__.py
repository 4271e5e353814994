"""Evaluation suites: score reportbot's answers against gold questions."""

__all__: list[str] = []
