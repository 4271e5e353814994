"""Answer questions about ingested reports, citing source paragraphs."""

from vectorstore.lazy import lazy_exports

# Each public name and the module that defines it; imported on first use, so a question answered by
# a warm reader (bot.warm) starts without Chroma, langchain or the models.
_EXPORTS = {
    "GENERATORS": ".generators",
    "Answer": ".models",
    "AnswerDelta": ".models",
    "AnswerStage": ".models",
    "Citation": ".models",
    "Generator": ".generators",
    "GeneratorError": ".generators",
    "MAX_QUESTION_CHARS": ".reportbot",
    "QuestionError": "vectorstore",
    "ReportBot": ".reportbot",
    "ReportbotError": "vectorstore",
    "clean_question": ".reportbot",
    "register_generator": ".generators",
    "registered_generators": ".generators",
}

__all__ = list(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
