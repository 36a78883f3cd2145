"""The one error type the core raises for bad requests; entry points turn it into JSON or exit status 2."""

from __future__ import annotations

from .model import Text


class CalcError(ValueError):
    def __init__(self, code: str, field: str | None, message: Text):
        self.code = code
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message.en}" if field else message.en)

    def to_dict(self) -> dict:
        return {"error": {"code": self.code, "field": self.field, "message": {"en": self.message.en, "zh": self.message.zh}}}
