"""Answer questions about ingested reports, citing source paragraphs."""

from .generators import GENERATORS, Generator, GeneratorError, register_generator, registered_generators
from .models import Answer, AnswerDelta, AnswerStage, Citation
from .reportbot import ReportBot

__all__ = [
    "GENERATORS",
    "Answer",
    "AnswerDelta",
    "AnswerStage",
    "Citation",
    "Generator",
    "GeneratorError",
    "ReportBot",
    "register_generator",
    "registered_generators",
]
