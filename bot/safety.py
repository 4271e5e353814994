"""Text inside reports is data. A paragraph that talks to the model ("忽略之前的所有指令", "ignore
previous instructions") is not news; it never reaches a generator and is never cited. The prompt
also fences the paragraphs off as data; this filter is the part that does not depend on the model
obeying."""

from __future__ import annotations

import re

__all__ = ["looks_like_instructions"]

_INSTRUCTION = re.compile(
    r"(?:忽略|无视|忘记|忘掉|不要理会)(?:掉)?(?:你)?(?:之前|此前|以上|上述|前面|先前|所有|全部)?(?:的)?(?:所有|全部|一切)?(?:的)?"
    r"(?:指令|指示|提示词?|规则|设定|要求|系统消息)"
    r"|(?:系统提示|system prompt|你现在是一个|从现在开始你|无论用户问什么|不管用户问什么)"
    r"|\bignore\s+(?:all\s+|any\s+)?(?:the\s+)?(?:previous|prior|above|earlier)\s+(?:instructions|prompts|rules)"
    r"|\bdisregard\s+(?:all\s+|the\s+)?(?:previous|prior|above)\b|\byou\s+are\s+now\s+(?:a|an)\b",
    re.IGNORECASE,
)


def looks_like_instructions(text: str) -> bool:
    return bool(_INSTRUCTION.search(text))
