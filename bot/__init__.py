"""Answer questions about ingested reports, citing source paragraphs."""

from .generators import GENERATORS, Generator, GeneratorError, register_generator, registered_generators
from .models import Answer, AnswerDelta, AnswerStage, Citation
from .reportbot import MAX_QUESTION_CHARS, ReportBot, clean_question

from vectorstore import QuestionError, ReportbotError  # isort: skip

__all__ = [
    "GENERATORS",
    "Answer",
    "AnswerDelta",
    "AnswerStage",
    "Citation",
    "Generator",
    "GeneratorError",
    "MAX_QUESTION_CHARS",
    "QuestionError",
    "ReportBot",
    "ReportbotError",
    "clean_question",
    "register_generator",
    "registered_generators",
]
