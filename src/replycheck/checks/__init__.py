"""Rule types. A new kind of check is a new module here, added to RULE_TYPES; the engine never changes."""

from __future__ import annotations

from typing import Annotated, Union

from pydantic import Field

from replycheck.checks.attachment import AttachmentRule
from replycheck.checks.base import Context, RuleBase
from replycheck.checks.detector import DetectorRule
from replycheck.checks.forbidden import ForbiddenRule
from replycheck.checks.present import PresentRule
from replycheck.checks.reading import ReadingRule
from replycheck.checks.consistency import ConsistencyRule
from replycheck.checks.required import RequiredRule
from replycheck.checks.timeline import TimelineRule
from replycheck.checks.unclaimed import UnclaimedRule

RULE_TYPES = (PresentRule, ForbiddenRule, RequiredRule, AttachmentRule, DetectorRule, TimelineRule, ConsistencyRule,
              ReadingRule, UnclaimedRule)
Rule = Annotated[Union[RULE_TYPES], Field(discriminator="check")]  # type: ignore[valid-type]

__all__ = ["Context", "Rule", "RuleBase", "RULE_TYPES"]
