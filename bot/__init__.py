"""Answer questions about ingested reports, citing source paragraphs."""

__all__: list[str] = []
