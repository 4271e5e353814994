"""Answer questions about ingested reports, citing source paragraphs."""

from .generators import GENERATORS, GeneratorError
from .models import Answer, AnswerDelta, Citation
from .reportbot import ReportBot

__all__ = ["GENERATORS", "Answer", "AnswerDelta", "Citation", "GeneratorError", "ReportBot"]
